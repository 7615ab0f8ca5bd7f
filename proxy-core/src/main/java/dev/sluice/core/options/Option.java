package dev.sluice.core.options;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.internal.options.Sizes;
import dev.sluice.core.internal.options.TextValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One option, declared once beside the hook it configures (mitmproxy's addons declare theirs in
 * {@code load}): its mitmproxy name, its type as help shows it, its default, its help text, how its
 * text form is read and checked, and how its value configures a {@link ProxyServer.Builder} when
 * the proxy starts (mitmproxy's {@code configure}). Immutable.
 *
 * <p>A builder holds the values ({@link ProxyServer.Builder#set(Option, Object)}); the command
 * line's {@code --set}, its flags and {@code --options} come from an {@link OptionRegistry} of
 * these declarations. Errors name the option and quote the bad text. A <em>sequence</em> option
 * ({@link #sequence}) holds a list: each text setting ({@code --set name=value}) adds one entry.
 *
 * <pre>{@code
 * public static final Option<Boolean> BLOCK_TRACKERS = Option.bool("block_trackers")
 *     .help("Answer 404 to requests for known trackers.")
 *     .configures((builder, on) -> {
 *       if (on) {
 *         builder.hook(new TrackerBlock());
 *       }
 *     })
 *     .build();
 *
 * ProxyServer.builder().set(BLOCK_TRACKERS, true).start();
 * }</pre>
 *
 * @param <T> the type of the option's value
 */
public final class Option<T> {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** Everything but the default, as the builder declared it. */
  private record Spec<T>(String name, String type, String help, List<String> aliases, boolean optional,
      boolean secret, Function<String, ? extends T> parser, Consumer<? super T> check, BinaryOperator<T> accumulator,
      Function<? super T, String> formatter, BiConsumer<ProxyServer.Builder, ? super T> configurer) {}

  private final Spec<T> spec;
  private final String name;
  private final T defaultValue;

  private Option(Spec<T> spec, T defaultValue) {
    this.spec = spec;
    this.name = spec.name();
    this.defaultValue = defaultValue;
  }

  /** A {@code bool} option, false by default; its text is {@code true}/{@code false} (or yes/no, on/off, 1/0). */
  public static Builder<Boolean> bool(String name) {
    return new Builder<>(name, "bool", TextValues::bool, String::valueOf).defaultValue(false);
  }

  /** An {@code int} option, 0 by default. */
  public static Builder<Integer> integer(String name) {
    return new Builder<>(name, "int", TextValues::integer, String::valueOf).defaultValue(0);
  }

  /** A {@code size} option in bytes, 0 by default; its text is mitmproxy's {@code 512}, {@code 64k}, {@code 3m}, {@code 1g}. */
  public static Builder<Long> size(String name) {
    return new Builder<>(name, "size", Sizes::parse, Sizes::format).defaultValue(0L);
  }

  /** A {@code str} option, empty by default. */
  public static Builder<String> string(String name) {
    return new Builder<String>(name, "str", text -> text, text -> text).defaultValue("");
  }

  /**
   * An option whose value is one of {@code type}'s constants, written in lower case; the first
   * constant by default.
   */
  public static <E extends Enum<E>> Builder<E> choice(String name, Class<E> type) {
    Objects.requireNonNull(type, "type");
    return new Builder<E>(name, "one of " + TextValues.choices(type).replace("/", ", "),
        text -> TextValues.choice(text, type), TextValues::name).defaultValue(type.getEnumConstants()[0]);
  }

  /**
   * An option of any type: {@code type} is what help shows ({@code "str"} for most), {@code parser}
   * reads the text form (throwing an {@link IllegalArgumentException} that quotes it), and the
   * value's {@code toString()} writes it back. It has no default until one is given (or it is made
   * {@linkplain Builder#optional() optional}).
   */
  public static <T> Builder<T> of(String name, String type, Function<String, ? extends T> parser) {
    return new Builder<>(name, type, parser, String::valueOf);
  }

  /**
   * A sequence option: a list, empty by default, to which each text setting adds the entry
   * {@code parser} reads. Help shows its type as {@code sequence of str}.
   */
  public static <E> Builder<List<E>> sequence(String name, Function<String, ? extends E> parser) {
    Objects.requireNonNull(parser, "parser");
    Builder<List<E>> builder = new Builder<List<E>>(name, "sequence of str", text -> List.of(parser.apply(text)),
        list -> list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")))
        .defaultValue(List.of());
    builder.accumulator = (current, more) -> Stream.concat(current.stream(), more.stream()).toList();
    return builder;
  }

  /** The mitmproxy name, such as {@code anticache} or {@code modify_headers}. */
  public String name() {
    return name;
  }

  /** Older names that mean this option too (mitmproxy's {@code setheaders} for {@code modify_headers}). */
  public List<String> aliases() {
    return spec.aliases();
  }

  /** The type as help shows it: {@code bool}, {@code int}, {@code size}, {@code str}, {@code optional str}, {@code sequence of str}, ... */
  public String type() {
    return spec.type();
  }

  /** What the option does, in a sentence or two. */
  public String help() {
    return spec.help();
  }

  /** The value until one is set; {@code null} for an optional option that is off until set. */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether each text setting adds an entry (a sequence option) instead of replacing the value. */
  public boolean repeats() {
    return spec.accumulator() != null;
  }

  /**
   * The value {@code text} gives, checked; for a sequence option, a list of the one entry it reads.
   * An optional option reads the empty text as none ({@code null}).
   *
   * @throws IllegalArgumentException naming this option and quoting the text (a secret's text is never repeated)
   */
  public T parse(String text) {
    Objects.requireNonNull(text, "text");
    if (spec.optional() && text.isEmpty()) {
      return null;
    }
    T value;
    try {
      value = spec.parser().apply(text);
    } catch (IllegalArgumentException e) {
      throw named(e);
    }
    return check(value);
  }

  /**
   * The value after one more text setting: for a sequence option, {@code current} with the entry
   * {@code text} reads added; for any other, what {@code text} gives ({@code current} is not used).
   *
   * @throws IllegalArgumentException naming this option and quoting the text
   */
  public T update(T current, String text) {
    T parsed = parse(text);
    return spec.accumulator() == null ? parsed : check(spec.accumulator().apply(check(current), parsed));
  }

  /**
   * {@code value}, once it passed this option's checks.
   *
   * @throws NullPointerException naming the option when {@code value} is null and the option is not optional
   * @throws IllegalArgumentException naming the option and what is wrong with the value
   */
  public T check(T value) {
    if (value == null) {
      if (spec.optional()) {
        return null;
      }
      throw new NullPointerException(name);
    }
    try {
      spec.check().accept(value);
    } catch (IllegalArgumentException e) {
      throw named(e);
    }
    return value;
  }

  /** {@code value} in the text form {@link #parse(String)} reads (empty for none). */
  public String format(T value) {
    return value == null ? "" : spec.formatter().apply(value);
  }

  /**
   * Lets {@code value} configure {@code builder} as the proxy starts: most options of a hook add
   * the hook when on; options the engine or a tool reads do nothing here.
   */
  public void configure(ProxyServer.Builder builder, T value) {
    if (spec.configurer() != null) {
      spec.configurer().accept(builder, value);
    }
  }

  /** This option with another default, for a tool whose users expect it (the command line listens on 8080). */
  Option<T> withDefault(T value) {
    return new Option<>(spec, check(value));
  }

  private IllegalArgumentException named(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    boolean named = message.startsWith(name + ":") || message.startsWith(name + " ");
    return new IllegalArgumentException(named ? message : name + ": " + message, spec.secret() ? null : e);
  }

  /** The name. */
  @Override
  public String toString() {
    return name;
  }

  /**
   * Declares an {@link Option}; start from {@link Option#bool}, {@link Option#size},
   * {@link Option#sequence} or another factory of {@code Option}.
   *
   * <pre>{@code
   * Option<Integer> retries = Option.integer("upload_retries")
   *     .defaultValue(3)
   *     .help("How often a failed upload is tried again.")
   *     .check(n -> { if (n < 0) throw new IllegalArgumentException("must be 0 or more, got " + n); })
   *     .build();
   * }</pre>
   *
   * @param <T> the type of the option's value
   */
  public static final class Builder<T> {
    private final String name;
    private final String type;
    private final Function<String, ? extends T> parser;
    private final Function<? super T, String> formatter;
    private final List<String> aliases = new ArrayList<>();
    private BinaryOperator<T> accumulator;
    private T defaultValue;
    private boolean optional;
    private boolean secret;
    private String help;
    private Consumer<? super T> check = value -> { };
    private BiConsumer<ProxyServer.Builder, ? super T> configurer;

    private Builder(String name, String type, Function<String, ? extends T> parser, Function<? super T, String> formatter) {
      this.name = checkedName(name);
      this.type = Objects.requireNonNull(type, "type");
      this.parser = Objects.requireNonNull(parser, "parser");
      this.formatter = formatter;
    }

    /** The value until one is set. */
    public Builder<T> defaultValue(T value) {
      this.defaultValue = Objects.requireNonNull(value, "value");
      this.optional = false;
      return this;
    }

    /** Off ({@code null}) until set, and set off again by the empty text; help shows the type as {@code optional ...}. */
    public Builder<T> optional() {
      if (accumulator != null) {
        throw new IllegalStateException(name + ": a sequence option is empty, not absent, by default");
      }
      this.defaultValue = null;
      this.optional = true;
      return this;
    }

    /** The help text: what the option does, in a sentence or two. Required. */
    public Builder<T> help(String text) {
      Objects.requireNonNull(text, "text");
      if (text.isBlank()) {
        throw new IllegalArgumentException(name + ": help must not be blank");
      }
      this.help = text.strip();
      return this;
    }

    /** An older name that means this option too. */
    public Builder<T> alias(String alias) {
      aliases.add(checkedName(alias));
      return this;
    }

    /** Keeps the value out of error messages (credentials). */
    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    /**
     * A check of every value, typed or read from text: it throws an
     * {@link IllegalArgumentException} saying what is wrong (the option's name is added in front).
     */
    public Builder<T> check(Consumer<? super T> check) {
      this.check = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * How the value configures a builder as the proxy starts, typically by adding a hook when the
     * option is on: {@code builder.hook(...)} or {@code builder.hook(HookPhase.CONNECTION, ...)}.
     * It may read other options with {@code builder.get(...)} but not set any. At its default
     * value an option should add nothing: the proxy configures options it was never given only if
     * they are {@linkplain OptionRegistry#core() its own}.
     */
    public Builder<T> configures(BiConsumer<ProxyServer.Builder, ? super T> configurer) {
      this.configurer = Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * The option.
     *
     * @throws IllegalStateException if the help text, or a default for a non-optional option, is missing
     * @throws IllegalArgumentException if the default fails the check
     */
    public Option<T> build() {
      if (help == null) {
        throw new IllegalStateException(name + ": help is required");
      }
      if (defaultValue == null && !optional) {
        throw new IllegalStateException(name + ": a default value (or optional()) is required");
      }
      Option<T> option = new Option<>(new Spec<>(name, optional ? "optional " + type : type, help, List.copyOf(aliases),
          optional, secret, parser, check, accumulator, formatter, configurer), null);
      return optional ? option : option.withDefault(defaultValue);
    }

    private static String checkedName(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("option name: expected lower case letters, digits and _, got \"" + name + "\"");
      }
      return name;
    }
  }
}
