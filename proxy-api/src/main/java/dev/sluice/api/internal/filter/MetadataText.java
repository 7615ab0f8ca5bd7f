package dev.sluice.api.internal.filter;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * Flow metadata as mitmproxy's {@code ~meta} sees it: {@code key: value} lines, each value
 * printed as Python's {@code str()} would print it ({@code True}, {@code None},
 * {@code {'a': 1}}, {@code ['x', 2]}).
 */
final class MetadataText {

  private MetadataText() {}

  static String of(Map<String, Object> metadata) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Object> entry : metadata.entrySet()) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(entry.getKey()).append(": ");
      str(entry.getValue(), out);
    }
    return out.toString();
  }

  private static void str(Object value, StringBuilder out) {
    if (value instanceof CharSequence text) {
      out.append(text);
    } else {
      repr(value, out);
    }
  }

  private static void repr(Object value, StringBuilder out) {
    if (value == null) {
      out.append("None");
    } else if (value instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (value instanceof CharSequence text) {
      quote(text.toString(), out);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d));
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        repr(entry.getKey(), out);
        out.append(": ");
        repr(entry.getValue(), out);
        separator = ", ";
      }
      out.append('}');
    } else if (value instanceof Collection<?> items) {
      sequence(items.toArray(), out);
    } else if (value.getClass().isArray()) {
      Object[] items = new Object[Array.getLength(value)];
      for (int i = 0; i < items.length; i++) {
        items[i] = Array.get(value, i);
      }
      sequence(items, out);
    } else {
      out.append(value);
    }
  }

  private static void sequence(Object[] items, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < items.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      repr(items[i], out);
    }
    out.append(']');
  }

  /** Python's repr of a string: single quotes unless the text has one and no double quote. */
  private static void quote(String text, StringBuilder out) {
    char q = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    out.append(q);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == q) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    out.append(q);
  }
}
