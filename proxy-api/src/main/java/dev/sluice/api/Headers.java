package dev.sluice.api;

import dev.sluice.api.internal.Chars;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The header fields of an HTTP message, in the order and the case that came over the wire.
 *
 * <p>Look-ups ignore case; a name may repeat (two {@code Set-Cookie} fields stay two fields).
 * Names must be RFC 9110 tokens and values must not contain CR, LF or NUL: anything else is
 * rejected with an {@link IllegalArgumentException} that names the field. Instances belong to one
 * flow and are not thread-safe; a {@linkplain HttpFlow#snapshot() snapshot}'s headers are
 * read-only.
 *
 * <pre>{@code
 * Headers headers = flow.request().headers();
 * headers.set("X-Trace", "on");           // replaces every X-Trace field
 * headers.add("Via", "1.1 sluice");       // appends one more field
 * String type = headers.get("content-type");
 * }</pre>
 */
public final class Headers implements Iterable<Headers.Field> {

  /** One header field as it stands on the wire. */
  public record Field(String name, String value) {
    /** Validates both parts. */
    public Field {
      checkName(name);
      checkValue(name, value);
    }
  }

  /** RFC 9110's tchar: every field name of every message is checked against it. */
  private static final Chars TOKEN_CHARS = Chars.matching(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
      || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);

  private final List<Field> fields;
  private boolean readOnly;
  private String block;

  private Headers(List<Field> fields) {
    this.fields = fields;
  }

  /** A new empty, writable header list. */
  public static Headers create() {
    return new Headers(new ArrayList<>());
  }

  /**
   * A new writable header list from alternating names and values.
   *
   * <pre>{@code Headers h = Headers.of("Content-Type", "text/plain", "Cache-Control", "no-store");}</pre>
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("namesAndValues: expected name/value pairs, got an odd count ("
          + namesAndValues.length + ")");
    }
    Headers headers = create();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  /** The first value of {@code name} (any case), or {@code null} if there is none. */
  public String get(String name) {
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        return field.value;
      }
    }
    return null;
  }

  /** Every value of {@code name} (any case), in order; empty if there is none. */
  public List<String> getAll(String name) {
    List<String> values = new ArrayList<>(2);
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        values.add(field.value);
      }
    }
    return Collections.unmodifiableList(values);
  }

  /** Whether at least one field is called {@code name} (any case). */
  public boolean contains(String name) {
    return get(name) != null;
  }

  /** Appends a field, keeping the case of {@code name}. */
  public Headers add(String name, String value) {
    checkWritable();
    fields.add(new Field(name, value));
    block = null;
    return this;
  }

  /**
   * Replaces every field called {@code name} by one field with {@code value}, at the position of
   * the first one (or at the end if there was none).
   */
  public Headers set(String name, String value) {
    checkWritable();
    Field replacement = new Field(name, value);
    int first = -1;
    for (int i = fields.size() - 1; i >= 0; i--) {
      if (fields.get(i).name.equalsIgnoreCase(name)) {
        fields.remove(i);
        first = i;
      }
    }
    if (first < 0) {
      fields.add(replacement);
    } else {
      fields.add(first, replacement);
    }
    block = null;
    return this;
  }

  /** Removes every field called {@code name}; returns whether there was one. */
  public boolean remove(String name) {
    checkWritable();
    block = null;
    return fields.removeIf(field -> field.name.equalsIgnoreCase(name));
  }

  /** Removes every field. */
  public void clear() {
    checkWritable();
    fields.clear();
    block = null;
  }

  /** The number of fields (a repeated name counts each time). */
  public int size() {
    return fields.size();
  }

  /** Whether there is no field. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The distinct names, in first-seen order and wire case. */
  public Set<String> names() {
    Set<String> lower = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (Field field : fields) {
      if (lower.add(field.name.toLowerCase(Locale.ROOT))) {
        names.add(field.name);
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /** The fields, in order, as an unmodifiable list. */
  public List<Field> fields() {
    return Collections.unmodifiableList(fields);
  }

  @Override
  public Iterator<Field> iterator() {
    return fields().iterator();
  }

  /** A writable deep copy. */
  public Headers copy() {
    return new Headers(new ArrayList<>(fields));
  }

  /** Whether this header list rejects changes (it belongs to a kept {@link Flow}). */
  public boolean isReadOnly() {
    return readOnly;
  }

  void freeze() {
    readOnly = true;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("these headers belong to a kept Flow and are read-only");
    }
  }

  /**
   * The header block as {@code Name: value\r\n} lines, in wire order and case. Built once and
   * kept until the next change, so filters that search it repeatedly do not rebuild it.
   */
  @Override
  public String toString() {
    String cached = block;
    if (cached == null) {
      StringBuilder out = new StringBuilder();
      for (Field field : fields) {
        out.append(field.name).append(": ").append(field.value).append("\r\n");
      }
      cached = out.toString();
      block = cached;
    }
    return cached;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Headers that && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!TOKEN_CHARS.matches(name.charAt(i))) {
        throw new IllegalArgumentException("header name " + quote(name) + " has an invalid character at index " + i);
      }
    }
  }

  static void checkValue(String name, String value) {
    Objects.requireNonNull(value, () -> "value of header " + name);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
      if (!ok) {
        throw new IllegalArgumentException("value of header " + quote(name)
            + " has an invalid character (0x" + Integer.toHexString(c) + ") at index " + i);
      }
    }
  }

  private static String quote(String s) {
    return '"' + s.replace("\r", "\\r").replace("\n", "\\n") + '"';
  }
}
