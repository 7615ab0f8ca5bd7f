package dev.sluice.api;

import java.util.Objects;

/**
 * A typed key for per-flow state, so hooks keep what belongs to one flow on the flow itself
 * instead of in a map keyed by flow. Keys compare by identity: keep each in a constant.
 *
 * <pre>{@code
 * static final FlowAttribute<String> USER = FlowAttribute.of("proxyauth.user", String.class);
 * flow.setAttribute(USER, "ada");
 * String user = flow.attribute(USER);   // null when unset
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class FlowAttribute<T> {

  private final String name;
  private final Class<T> type;

  private FlowAttribute(String name, Class<T> type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
  }

  /** A new key; {@code name} only shows in messages and {@link #toString()}. */
  public static <T> FlowAttribute<T> of(String name, Class<T> type) {
    return new FlowAttribute<>(name, type);
  }

  /** The name given at creation. */
  public String name() {
    return name;
  }

  /** The type of the values. */
  public Class<T> type() {
    return type;
  }

  T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return name + " (" + type.getSimpleName() + ")";
  }
}
