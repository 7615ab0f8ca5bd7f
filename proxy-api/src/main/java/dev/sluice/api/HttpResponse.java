package dev.sluice.api;

import dev.sluice.api.internal.Chars;
import java.util.Map;
import java.util.Objects;

/**
 * The response of a live {@link HttpFlow}: from the upstream, from a hook, or from a replay
 * ({@link #source()}); hooks change it in place. Make one with {@link Response#of} or
 * {@link Response#builder()}; a kept flow has its response as the read-only {@link Response}.
 *
 * <pre>{@code
 * public void response(HttpFlow flow) {
 *   HttpResponse response = flow.response();
 *   if (response.statusCode() == 500) {
 *     response.setStatusCode(503);
 *     response.headers().set("Retry-After", "1");
 *   }
 * }
 * }</pre>
 */
public final class HttpResponse extends HttpMessage implements Response {

  private static final Chars NOT_IN_REASON = Chars.matching(c -> c == '\r' || c == '\n' || c == 0);

  static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(100, "Continue"), Map.entry(101, "Switching Protocols"),
      Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
      Map.entry(203, "Non-Authoritative Information"), Map.entry(204, "No Content"),
      Map.entry(205, "Reset Content"), Map.entry(206, "Partial Content"),
      Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
      Map.entry(303, "See Other"), Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"),
      Map.entry(308, "Permanent Redirect"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
      Map.entry(407, "Proxy Authentication Required"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(411, "Length Required"),
      Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
      Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
      Map.entry(417, "Expectation Failed"), Map.entry(421, "Misdirected Request"),
      Map.entry(422, "Unprocessable Content"), Map.entry(426, "Upgrade Required"),
      Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"), Map.entry(505, "HTTP Version Not Supported"));

  private int statusCode;
  private String reason;
  private final ResponseSource source;

  private HttpResponse(Builder b) {
    super(b);
    this.statusCode = b.status;
    this.reason = b.reason == null ? Response.reasonPhrase(b.status) : b.reason;
    this.source = b.source;
  }

  /** The status code. */
  public int statusCode() {
    return statusCode;
  }

  /** Changes the status code (the reason phrase becomes the standard one). */
  public void setStatusCode(int statusCode) {
    checkWritable();
    this.statusCode = checkStatus(statusCode);
    this.reason = Response.reasonPhrase(statusCode);
  }

  /** The reason phrase, as sent. */
  public String reason() {
    return reason;
  }

  /** Changes the reason phrase. */
  public void setReason(String reason) {
    checkWritable();
    this.reason = checkReason(reason);
  }

  /** Where this response came from. */
  public ResponseSource source() {
    return source;
  }

  /** A writable builder with this response's values (headers and body copied). */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.status = statusCode;
    b.reason = reason;
    b.source = source;
    return b.from(this);
  }

  HttpResponse readOnlyCopy() {
    HttpResponse copy = newBuilder().build();
    copy.freeze();
    return copy;
  }

  @Override
  public String toString() {
    return httpVersion() + " " + statusCode + (reason.isEmpty() ? "" : " " + reason);
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status: out of range 100..999: " + status);
    }
    return status;
  }

  private static String checkReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (NOT_IN_REASON.matchAny(reason)) {
      throw new IllegalArgumentException("reason: contains CR, LF or NUL: \"" + reason + "\"");
    }
    return reason;
  }

  /**
   * Builds an {@link HttpResponse}; {@link #build()} validates every part and names the bad one.
   * Headers and body are taken as given: no {@code Content-Length} is added.
   */
  public static final class Builder extends HttpMessage.Builder<Builder> {
    private int status = 200;
    private String reason;
    private ResponseSource source = ResponseSource.HOOK;

    Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** The status code, 100 to 999 ({@code 200} by default). */
    public Builder status(int status) {
      this.status = status;
      return this;
    }

    /** The reason phrase (the standard one for the status by default). */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** Where the response comes from ({@link ResponseSource#HOOK} by default). */
    public Builder source(ResponseSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Validates and builds. */
    public HttpResponse build() {
      checkStatus(status);
      if (reason != null) {
        checkReason(reason);
      }
      HttpResponse response = new HttpResponse(this);
      response.setStreamed(isStreamed());
      return response;
    }
  }
}
