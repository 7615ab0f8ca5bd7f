package dev.sluice.replay.internal.dump;

import dev.sluice.replay.internal.FlowParts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to decoded flow state, where old files hold bytes and new ones strings for the
 * same field, and numbers may be integers or floats.
 */
final class StateValues {

  private StateValues() {}

  /** The nested dictionary {@code key}, or {@code null}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> state, String key) {
    Object value = state.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("field " + key + " is not a dictionary");
    }
    return (Map<String, Object>) value;
  }

  /** The list {@code key}, or an empty list. */
  static List<?> list(Map<String, Object> state, String key) {
    Object value = state.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("field " + key + " is not a list");
    }
    return list;
  }

  /** Text from a string or from UTF-8 bytes; {@code null} stays {@code null}. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  /** The field {@code key} as text, or {@code fallback} when absent. */
  static String text(Map<String, Object> state, String key, String fallback) {
    String value = text(state.get(key));
    return value == null ? fallback : value;
  }

  /** Text kept byte for byte (ISO-8859-1), as the model keeps header fields. */
  static String latin1(Object value) {
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return value == null ? null : new String(value.toString().getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
  }

  /** Bytes from bytes, or UTF-8 bytes from a string; {@code null} stays {@code null}. */
  static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The field {@code key} as an int, or {@code fallback}. */
  static int integer(Map<String, Object> state, String key, int fallback) {
    return state.get(key) instanceof Number n ? n.intValue() : fallback;
  }

  /** Whether the field {@code key} is {@code true}. */
  static boolean flag(Map<String, Object> state, String key) {
    return Boolean.TRUE.equals(state.get(key));
  }

  /** A Unix timestamp in seconds as an instant, or {@code null}. */
  static Instant instant(Object seconds) {
    return seconds instanceof Number n ? FlowParts.instant(n) : null;
  }

  /** An instant as a Unix timestamp in seconds, or {@code null}. */
  static Double seconds(Instant instant) {
    return instant == null ? null : FlowParts.seconds(instant);
  }

  /**
   * A value as JSON can hold it, which is what mitmproxy accepts in a flow's metadata: strings,
   * booleans, longs and doubles, lists and string-keyed maps (copied); bytes become UTF-8 text,
   * other numbers doubles, anything else its {@code toString()}.
   */
  static Object json(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Integer || value instanceof Double) {
      return value;
    } else if (value instanceof Number n) {
      return n.doubleValue();
    } else if (value instanceof byte[] b) {
      return text(b);
    } else if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), json(v)));
      return copy;
    } else if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(v -> copy.add(json(v)));
      return copy;
    }
    return value.toString();
  }

  /** A deep copy of decoded state (dictionaries and lists copied; leaves shared). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> state) {
    Map<String, Object> copy = new LinkedHashMap<>();
    state.forEach((k, v) -> copy.put(k, copyValue(v)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(item -> copy.add(copyValue(item)));
      return copy;
    }
    return value;
  }
}
