package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.core.internal.options.HomePaths;
import dev.sluice.core.internal.spec.EscapedStrings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code [/filter]/subject/replacement} specification, mitmproxy's shared syntax for
 * {@code modify_headers} and {@code modify_body}.
 *
 * <p>The first character is the separator; the rest is split on it at most twice. Two parts are
 * a subject and a replacement for every flow; three parts are a filter, a subject and a
 * replacement (the replacement keeps any further separators). Backslash escapes ({@code \n},
 * {@code \x41}) are read as mitmproxy reads them. A replacement starting with {@code @} is a file
 * path ({@code ~} expanded): it must be readable when the spec is parsed, and it is read again on
 * each use.
 *
 * <pre>{@code
 * ModifySpec.parse("/~q/Host/example.org");      // filter, header name, value
 * ModifySpec.parse(":~s:foo:bar");                // any separator
 * ModifySpec.parse("/User-Agent/@~/ua.txt");      // every flow, value from a file
 * }</pre>
 */
public final class ModifySpec {

  private final String text;
  private final FlowFilter filter;
  private final byte[] subject;
  private final String replacement;
  private final Path replacementFile;

  private ModifySpec(String text, FlowFilter filter, byte[] subject, String replacement) {
    this.text = text;
    this.filter = filter;
    this.subject = subject;
    this.replacement = replacement;
    this.replacementFile = replacement.startsWith("@") ? HomePaths.expand(replacement.substring(1)) : null;
  }

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException quoting the spec when it has fewer than two parts, a bad
   *     filter, a bad escape or an unreadable replacement file
   */
  public static ModifySpec parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.length() < 2) {
      throw new IllegalArgumentException("spec " + quote(spec) + ": expected [/filter]/subject/replacement");
    }
    String separator = spec.substring(0, 1);
    String[] parts = spec.substring(1).split(java.util.regex.Pattern.quote(separator), 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException("spec " + quote(spec) + ": expected 2 or 3 parts separated by "
          + quote(separator) + ", got " + parts.length);
    }
    ModifySpec parsed;
    try {
      parsed = parts.length == 2
          ? new ModifySpec(spec, FlowFilter.all(), EscapedStrings.toBytes(parts[0]), parts[1])
          : new ModifySpec(spec, FlowFilter.parse(parts[0]), EscapedStrings.toBytes(parts[1]), parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec " + quote(spec) + ": " + e.getMessage(), e);
    }
    if (parsed.replacementFile != null && !Files.isReadable(parsed.replacementFile)) {
      throw new IllegalArgumentException("spec " + quote(spec) + ": replacement file " + parsed.replacementFile
          + " is not readable");
    }
    return parsed;
  }

  /** The flows this spec applies to. */
  public FlowFilter filter() {
    return filter;
  }

  /** The subject (a header name or a regex), escapes resolved, as bytes. */
  public byte[] subject() {
    return subject.clone();
  }

  /**
   * The replacement bytes: the text with escapes resolved, or the file's current content.
   *
   * @throws IOException when the replacement file cannot be read now
   */
  public byte[] replacement() throws IOException {
    return replacementFile == null ? EscapedStrings.toBytes(replacement) : Files.readAllBytes(replacementFile);
  }

  /** The spec as written. */
  @Override
  public String toString() {
    return text;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }
}
