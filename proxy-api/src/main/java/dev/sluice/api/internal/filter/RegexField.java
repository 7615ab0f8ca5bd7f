package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The operators that take a regex, by their mitmproxy code, with what each searches. Binary
 * operators search bytes (body, headers, method) as mitmproxy's bytes regexes do: the pattern is
 * taken as UTF-8 and matched byte by byte.
 */
enum RegexField {
  BODY("b", Pattern.DOTALL, true, (p, f) -> FlowText.body(p, f.request()) || FlowText.body(p, f.response())
      || FlowText.messages(p, f, true, true)),
  REQUEST_BODY("bq", Pattern.DOTALL, true, (p, f) -> FlowText.body(p, f.request())
      || FlowText.messages(p, f, true, false)),
  RESPONSE_BODY("bs", Pattern.DOTALL, true, (p, f) -> FlowText.body(p, f.response())
      || FlowText.messages(p, f, false, true)),
  CONTENT_TYPE("t", 0, true, (p, f) -> FlowText.contentType(p, f.request()) || FlowText.contentType(p, f.response())),
  REQUEST_CONTENT_TYPE("tq", 0, true, (p, f) -> FlowText.contentType(p, f.request())),
  RESPONSE_CONTENT_TYPE("ts", 0, true, (p, f) -> FlowText.contentType(p, f.response())),
  HEADER("h", Pattern.MULTILINE, true, (p, f) -> FlowText.headers(p, f.request()) || FlowText.headers(p, f.response())),
  REQUEST_HEADER("hq", Pattern.MULTILINE, true, (p, f) -> FlowText.headers(p, f.request())),
  RESPONSE_HEADER("hs", Pattern.MULTILINE, true, (p, f) -> FlowText.headers(p, f.response())),
  METHOD("m", 0, true, (p, f) -> p.matcher(f.request().method()).find()),
  DOMAIN("d", 0, false, (p, f) -> p.matcher(f.request().host()).find() || p.matcher(f.request().prettyHost()).find()),
  URL("u", 0, false, (p, f) -> p.matcher(f.request().prettyUrl()).find()),
  SOURCE("src", 0, false, (p, f) -> p.matcher(FlowText.source(f)).find()),
  DESTINATION("dst", 0, false, (p, f) -> {
    String destination = FlowText.destination(f);
    return destination != null && p.matcher(destination).find();
  }),
  METADATA("meta", Pattern.MULTILINE, false, (p, f) -> p.matcher(MetadataText.of(f.metadata())).find()),
  MARKER("marker", 0, false, (p, f) -> p.matcher(f.marker()).find()),
  COMMENT("comment", Pattern.MULTILINE, false, (p, f) -> p.matcher(f.comment()).find());

  private final String code;
  private final int flags;
  private final boolean binary;
  private final BiPredicate<Pattern, Flow> search;

  RegexField(String code, int flags, boolean binary, BiPredicate<Pattern, Flow> search) {
    this.code = code;
    this.flags = flags;
    this.binary = binary;
    this.search = search;
  }

  String code() {
    return code;
  }

  /**
   * Compiles {@code regex} for this operator: case-insensitive, with {@code .}, {@code ^} and
   * {@code $} seeing only {@code \n} as a line end (as Python's {@code re} does).
   *
   * @throws java.util.regex.PatternSyntaxException if it is not a valid regex
   */
  Pattern compile(String regex) {
    int all = flags | Pattern.CASE_INSENSITIVE | Pattern.UNIX_LINES;
    return binary ? Pattern.compile(ByteChars.utf8AsBytes(regex), all)
        : Pattern.compile(regex, all | Pattern.UNICODE_CASE);
  }

  boolean search(Pattern pattern, Flow flow) {
    return search.test(pattern, flow);
  }

  /** The operator called {@code code}, or {@code null}. */
  static RegexField byCode(String code) {
    for (RegexField field : values()) {
      if (field.code.equals(code)) {
        return field;
      }
    }
    return null;
  }
}
