package dev.sluice.cli.internal;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.options.Option;
import dev.sluice.core.options.OptionRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values the command line was given, by option, checked as they are set (so a bad one fails
 * before the proxy starts), and handed to a builder in the registry's order, so the hooks the
 * options add always come in that order, whatever the order of the arguments.
 *
 * <pre>{@code
 * OptionValues values = new OptionValues(CliOptions.REGISTRY);
 * values.set("modify_headers=/~q/X-Test/1");
 * ProxyServer proxy = values.applyTo(ProxyServer.builder()).start();
 * }</pre>
 */
public final class OptionValues {

  private final OptionRegistry registry;
  private final Map<String, Object> values = new HashMap<>();

  /** No value set yet: every option of {@code registry} has its default there. */
  public OptionValues(OptionRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Sets an option from {@code name=value}.
   *
   * @throws IllegalArgumentException when there is no {@code =}, as {@link #set(String, String)} otherwise
   */
  public void set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--set: expected name=value, got \"" + assignment + "\"");
    }
    set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
  }

  /**
   * Sets option {@code name} (or its older name) from its text; a sequence option gains an entry.
   *
   * @throws IllegalArgumentException naming the option and quoting the value when it is bad, or
   *     saying the name is unknown (and the nearest known one)
   */
  public void set(String name, String text) {
    setText(registry.get(name), text);
  }

  /** Sets {@code option} to {@code value}, checked. */
  public <T> void set(Option<T> option, T value) {
    values.put(option.name(), option.check(value));
  }

  /** The value of {@code option}: the one set, or the registry's default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    String name = option.name();
    return values.containsKey(name) ? (T) values.get(name) : ((Option<T>) registry.get(name)).defaultValue();
  }

  /** Whether {@code option} was set. */
  public boolean isSet(Option<?> option) {
    return values.containsKey(option.name());
  }

  /** Sets every option of the registry on {@code builder}, in the registry's order; returns {@code builder}. */
  public ProxyServer.Builder applyTo(ProxyServer.Builder builder) {
    registry.options().forEach(option -> apply(option, builder));
    return builder;
  }

  private <T> void setText(Option<T> option, String text) {
    set(option, option.update(get(option), text));
  }

  private <T> void apply(Option<T> option, ProxyServer.Builder builder) {
    builder.set(option, get(option));
  }
}
