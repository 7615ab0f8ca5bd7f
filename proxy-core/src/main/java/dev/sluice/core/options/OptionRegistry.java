package dev.sluice.core.options;

import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.Anticomp;
import dev.sluice.core.hooks.Bandwidth;
import dev.sluice.core.hooks.BlockList;
import dev.sluice.core.hooks.Faults;
import dev.sluice.core.hooks.Latency;
import dev.sluice.core.hooks.MapLocal;
import dev.sluice.core.hooks.MapRemote;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
import dev.sluice.core.hooks.StreamLargeBodies;
import dev.sluice.core.hooks.TlsPassThrough;
import dev.sluice.core.internal.options.NearestName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A set of {@link Option} declarations, looked up by name, composed explicitly (no class-path
 * scanning): the command line's is {@link #core()} with the options of {@code proxy-replay} and its
 * own. Immutable; the order of declaration is kept, and it is the order in which a tool applies the
 * options to a builder, so the hooks they add come in that order.
 *
 * <pre>{@code
 * OptionRegistry registry = OptionRegistry.core().with(List.of(BLOCK_TRACKERS));
 * Option<?> option = registry.get("anticahce");   // IllegalArgumentException:
 *                                                 // unknown option "anticahce"; did you mean "anticache"?
 * }</pre>
 */
public final class OptionRegistry {

  private final List<Option<?>> options;
  private final Map<String, Option<?>> byName;

  private OptionRegistry(List<Option<?>> options) {
    Map<String, Option<?>> names = new LinkedHashMap<>();
    for (Option<?> option : options) {
      Objects.requireNonNull(option, "options: null element");
      Stream.concat(Stream.of(option.name()), option.aliases().stream()).forEach(name -> {
        if (names.putIfAbsent(name, option) != null) {
          throw new IllegalArgumentException("option \"" + name + "\" is declared twice");
        }
      });
    }
    this.options = List.copyOf(options);
    this.byName = names;
  }

  /** The options of {@code proxy-core}: the engine's ({@link EngineOptions}) and those of the hooks in {@code dev.sluice.core.hooks}. */
  public static OptionRegistry core() {
    return Core.REGISTRY;
  }

  /**
   * A registry of {@code options}, in that order.
   *
   * @throws IllegalArgumentException naming a name (or alias) declared twice
   */
  public static OptionRegistry of(List<? extends Option<?>> options) {
    return new OptionRegistry(new ArrayList<>(Objects.requireNonNull(options, "options")));
  }

  /**
   * This registry and {@code more}, after it.
   *
   * @throws IllegalArgumentException naming a name (or alias) declared twice
   */
  public OptionRegistry with(List<? extends Option<?>> more) {
    List<Option<?>> all = new ArrayList<>(options);
    all.addAll(Objects.requireNonNull(more, "more"));
    return new OptionRegistry(all);
  }

  /**
   * This registry with {@code option}'s default replaced by {@code value}, for a tool whose users
   * expect another default (the command line listens on port 8080, an embedded proxy on any free
   * port).
   *
   * @throws IllegalArgumentException if {@code option} is not in this registry or {@code value} fails its check
   */
  public <T> OptionRegistry withDefault(Option<T> option, T value) {
    Objects.requireNonNull(option, "option");
    if (byName.get(option.name()) != option) {
      throw new IllegalArgumentException("option \"" + option.name() + "\" is not in this registry");
    }
    Option<T> changed = option.withDefault(value);
    return new OptionRegistry(options.stream().<Option<?>>map(o -> o == option ? changed : o).toList());
  }

  /** Every option, in the order declared. */
  public List<Option<?>> options() {
    return options;
  }

  /** The option called {@code name} (or with that older name), if there is one. */
  public Optional<Option<?>> find(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * The option called {@code name} (or with that older name).
   *
   * @throws IllegalArgumentException {@code unknown option "x"}, followed by {@code ; did you mean "y"?}
   *     when a known name is a few edits away
   */
  public Option<?> get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown option \"" + name + "\""
        + nearest(name).map(known -> "; did you mean \"" + known + "\"?").orElse("")));
  }

  /**
   * The known name (or older name) closest to {@code name}, counting single-character edits, when
   * it is close enough to be a likely typo.
   */
  public Optional<String> nearest(String name) {
    return NearestName.of(Objects.requireNonNull(name, "name"), byName.keySet());
  }

  @Override
  public String toString() {
    return "OptionRegistry" + byName.keySet();
  }

  /**
   * Built on first use, after the classes declaring the options. The order is the order of the
   * hooks the options add.
   */
  private static final class Core {
    static final OptionRegistry REGISTRY = of(Stream.of(
        ProxyAuth.OPTIONS,
        TlsPassThrough.OPTIONS,
        EngineOptions.OPTIONS,
        BlockList.OPTIONS,
        Anticache.OPTIONS,
        Anticomp.OPTIONS,
        StreamLargeBodies.OPTIONS,
        MapRemote.OPTIONS,
        MapLocal.OPTIONS,
        StickyAuth.OPTIONS,
        StickyCookies.OPTIONS,
        ModifyHeaders.OPTIONS,
        ModifyBody.OPTIONS,
        Latency.OPTIONS,
        Bandwidth.OPTIONS,
        Faults.OPTIONS).flatMap(List::stream).toList());
  }
}
