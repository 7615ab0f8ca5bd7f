package dev.sluice.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response: from the upstream, from a hook, or from a replay ({@link #source()}).
 *
 * <pre>{@code
 * // in a hook's request event: answer without contacting the upstream
 * flow.respond(HttpResponse.of(404, "text/plain", "no such thing"));
 *
 * HttpResponse moved = HttpResponse.builder()
 *     .status(301)
 *     .header("Location", "https://example.com/")
 *     .build();
 * }</pre>
 */
public final class HttpResponse extends HttpMessage {

  private static final Map<Integer, String> REASONS = Map.ofEntries(
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
    super(b.httpVersion, b.headers, b.content, b.trailers, b.timestampStart, b.timestampEnd);
    this.statusCode = b.status;
    this.reason = b.reason == null ? reasonPhrase(b.status) : b.reason;
    this.source = b.source;
  }

  /** An empty response with {@code status} and {@code Content-Length: 0}. */
  public static HttpResponse of(int status) {
    return builder().status(status).header("Content-Length", "0").build();
  }

  /**
   * A response with a text body, with {@code Content-Type} and {@code Content-Length} set. The
   * text is encoded in the charset that {@code contentType} names; a {@code text/*} type without
   * one gets {@code ; charset=utf-8}, and any other type is sent as UTF-8.
   */
  public static HttpResponse of(int status, String contentType, String text) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(text, "text");
    String type = contentType.toLowerCase(Locale.ROOT).contains("charset=") || !contentType.startsWith("text/")
        ? contentType : contentType + "; charset=utf-8";
    HttpResponse response = builder().status(status).header("Content-Type", type).build();
    response.setText(text);
    return response;
  }

  /** A builder for a {@code 200 OK} response from a hook, to adjust. */
  public static Builder builder() {
    return new Builder();
  }

  /** The standard reason phrase of {@code status}, or an empty string for an unusual one. */
  public static String reasonPhrase(int status) {
    return REASONS.getOrDefault(status, "");
  }

  /** The status code. */
  public int statusCode() {
    return statusCode;
  }

  /** Changes the status code (the reason phrase becomes the standard one). */
  public void setStatusCode(int statusCode) {
    checkWritable();
    this.statusCode = checkStatus(statusCode);
    this.reason = reasonPhrase(statusCode);
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
    b.httpVersion = httpVersion();
    b.headers = headers().copy();
    b.content = contentArray().clone();
    b.trailers = trailers() == null ? null : trailers().copy();
    b.timestampStart = timestampStart();
    b.timestampEnd = timestampEnd();
    b.streamed = isStreamed();
    return b;
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
    if (reason.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException("reason: contains CR, LF or NUL: \"" + reason + "\"");
    }
    return reason;
  }

  /**
   * Builds an {@link HttpResponse}; {@link #build()} validates every part and names the bad one.
   * Headers and body are taken as given: no {@code Content-Length} is added.
   */
  public static final class Builder {
    private int status = 200;
    private String reason;
    private ResponseSource source = ResponseSource.HOOK;
    private String httpVersion = "HTTP/1.1";
    private Headers headers = Headers.create();
    private byte[] content;
    private Headers trailers;
    private Instant timestampStart;
    private Instant timestampEnd;
    private boolean streamed;

    private Builder() {}

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

    /** {@code HTTP/1.1} by default. */
    public Builder httpVersion(String httpVersion) {
      this.httpVersion = httpVersion;
      return this;
    }

    /** Appends one header field. */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Replaces all header fields by a copy of {@code headers}. */
    public Builder headers(Headers headers) {
      this.headers = Objects.requireNonNull(headers, "headers").copy();
      return this;
    }

    /** The raw body, as on the wire. */
    public Builder content(byte[] content) {
      this.content = Objects.requireNonNull(content, "content").clone();
      return this;
    }

    /** Trailer fields. */
    public Builder trailers(Headers trailers) {
      this.trailers = trailers == null ? null : trailers.copy();
      return this;
    }

    /** When the response started (now by default). */
    public Builder timestampStart(Instant timestampStart) {
      this.timestampStart = timestampStart;
      return this;
    }

    /** When the response was complete. */
    public Builder timestampEnd(Instant timestampEnd) {
      this.timestampEnd = timestampEnd;
      return this;
    }

    /** Whether the body is streamed rather than held. */
    public Builder streamed(boolean streamed) {
      this.streamed = streamed;
      return this;
    }

    /** Validates and builds. */
    public HttpResponse build() {
      checkStatus(status);
      if (reason != null) {
        checkReason(reason);
      }
      HttpResponse response = new HttpResponse(this);
      response.setStreamed(streamed);
      return response;
    }
  }
}
