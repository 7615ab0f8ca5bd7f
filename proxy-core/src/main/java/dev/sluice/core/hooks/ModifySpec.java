package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.core.internal.spec.EscapedStrings;
import dev.sluice.core.internal.spec.SpecParts;
import dev.sluice.core.internal.spec.SpecPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    this.replacementFile = replacement.startsWith("@") ? SpecPaths.of(replacement.substring(1)) : null;
  }

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException quoting the spec when it has fewer than two parts, a bad
   *     filter, a bad escape or an unreadable replacement file
   */
  public static ModifySpec parse(String spec) {
    SpecParts parts = SpecParts.parse(spec);
    ModifySpec parsed;
    try {
      parsed = new ModifySpec(spec, parts.filter(), EscapedStrings.toBytes(parts.subject()), parts.replacement());
    } catch (IllegalArgumentException e) {
      throw SpecParts.invalid(spec, e.getMessage(), e);
    }
    if (parsed.replacementFile != null && !Files.isReadable(parsed.replacementFile)) {
      throw SpecParts.invalid(spec, "replacement file " + parsed.replacementFile + " is not readable");
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

}
