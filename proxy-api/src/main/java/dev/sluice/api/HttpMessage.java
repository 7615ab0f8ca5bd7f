package dev.sluice.api;

import dev.sluice.api.internal.ContentCodecs;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What the request and the response of a live {@link HttpFlow} share: the HTTP version, the
 * {@link Headers}, the body and the trailers, and the setters hooks change them with. (A kept
 * {@link Flow} has read-only {@link Message}s.)
 *
 * <p>The body is kept as it came over the wire ({@link #rawContent()}, still carrying its
 * {@code Content-Encoding}). {@link #content()} and {@link #text()} decode it; the setters
 * {@link #setContent(byte[])} and {@link #setText(String)} encode the new body again with the
 * message's {@code Content-Encoding} and fix {@code Content-Length}.
 *
 * <pre>{@code
 * HttpResponse response = flow.response();
 * if (response.headers().get("Content-Type").startsWith("text/html")) {
 *   response.setText(response.text().replace("Example", "Sluice"));   // re-gzipped if it was gzip
 * }
 * }</pre>
 */
public abstract sealed class HttpMessage permits HttpRequest, HttpResponse {

  private static final byte[] EMPTY = new byte[0];

  private String httpVersion;
  private final Headers headers;
  private byte[] content;
  private Headers trailers;
  private boolean streamed;
  private long streamAfter = -1;
  private StreamTransformer streamTransformer;
  private Instant timestampStart;
  private Instant timestampEnd;
  private boolean readOnly;
  private volatile Decoded decoded;

  /** The decoded body (or why it does not decode) for one {@code Content-Encoding} value. */
  private record Decoded(String encoding, byte[] body, String failure, RuntimeException cause) {}

  HttpMessage(Builder<?> b) {
    this.httpVersion = checkVersion(b.httpVersion);
    this.headers = Objects.requireNonNull(b.headers, "headers").copy();
    this.content = b.content == null ? EMPTY : b.content;
    this.trailers = b.trailers == null ? null : b.trailers.copy();
    this.timestampStart = b.timestampStart == null ? Instant.now() : b.timestampStart;
    this.timestampEnd = b.timestampEnd;
  }

  /** The protocol version as it appears on the wire, such as {@code HTTP/1.1}. */
  public String httpVersion() {
    return httpVersion;
  }

  /** Changes the protocol version ({@code HTTP/1.0} or {@code HTTP/1.1}). */
  public void setHttpVersion(String httpVersion) {
    checkWritable();
    this.httpVersion = checkVersion(httpVersion);
  }

  /** The header fields, in wire order and case. */
  public Headers headers() {
    return headers;
  }

  /** The trailer fields of a chunked body, or {@code null} when there were none. */
  public Headers trailers() {
    return trailers;
  }

  /** Sets the trailer fields (sent only when the body goes out chunked), or removes them with {@code null}. */
  public void setTrailers(Headers trailers) {
    checkWritable();
    this.trailers = trailers;
  }

  /** A copy of the body as on the wire, {@code Content-Encoding} still applied; empty when streamed. */
  public byte[] rawContent() {
    return content.clone();
  }

  /** A read-only view of the raw body, without a copy. */
  public ByteBuffer rawContentBuffer() {
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
  }

  /** The length of the raw body in bytes. */
  public int rawContentLength() {
    return content.length;
  }

  /**
   * Replaces the raw body (already encoded as {@code Content-Encoding} says), sets
   * {@code Content-Length} to its length and removes {@code Transfer-Encoding}.
   */
  public void setRawContent(byte[] raw) {
    checkWritable();
    content = Objects.requireNonNull(raw, "raw").clone();
    decoded = null;
    headers.remove("Transfer-Encoding");
    headers.set("Content-Length", Integer.toString(content.length));
  }

  /**
   * The body with its {@code Content-Encoding} (gzip, deflate, br, zstd) removed.
   *
   * @throws IllegalStateException if the encoding is unknown or the body does not decode
   */
  public byte[] content() {
    return decoded().clone();
  }

  /**
   * A read-only view of the decoded body, without a copy; the body is decoded once and kept
   * until the body or its {@code Content-Encoding} changes.
   *
   * @throws IllegalStateException if the encoding is unknown or the body does not decode
   */
  public ByteBuffer contentBuffer() {
    return ByteBuffer.wrap(decoded()).asReadOnlyBuffer();
  }

  /** Replaces the body: it is encoded with the message's {@code Content-Encoding} and {@code Content-Length} is fixed. */
  public void setContent(byte[] decoded) {
    checkWritable();
    Objects.requireNonNull(decoded, "decoded");
    String encoding = headers.get("Content-Encoding");
    setRawContent(encoding == null ? decoded : ContentCodecs.encode(encoding, decoded));
    if (encoding != null) {
      this.decoded = new Decoded(encoding, decoded.clone(), null, null);
    }
  }

  /** The decoded body as text, in the charset of {@code Content-Type} (UTF-8 when it names none). */
  public String text() {
    return new String(decoded(), charset());
  }

  /** Replaces the body with {@code text} in the charset of {@code Content-Type} (UTF-8 when it names none). */
  public void setText(String text) {
    setContent(Objects.requireNonNull(text, "text").getBytes(charset()));
  }

  /** Whether the body is streamed through instead of aggregated (then the flow holds no body). */
  public boolean isStreamed() {
    return streamed;
  }

  /**
   * Streams this message's body instead of aggregating it. Only meaningful in the
   * {@code requestHeaders} / {@code responseHeaders} events, before the body is read.
   */
  public void setStreamed(boolean streamed) {
    checkWritable();
    this.streamed = streamed;
  }

  /** The transformer a streamed body goes through, or {@code null} when it goes through unchanged. */
  public StreamTransformer streamTransformer() {
    return streamTransformer;
  }

  /**
   * Streams this message's body through {@code transformer}, which rewrites it chunk by chunk (see
   * {@link StreamTransformer}); {@code null} removes it and leaves the message streamed. Only
   * meaningful in the {@code requestHeaders} / {@code responseHeaders} events.
   *
   * <pre>{@code
   * flow.response().setStreamTransformer(chunk -> censor(chunk));
   * }</pre>
   */
  public void setStreamTransformer(StreamTransformer transformer) {
    checkWritable();
    this.streamTransformer = transformer;
    if (transformer != null) {
      this.streamed = true;
    }
  }

  /**
   * The body size after which the rest of this message is streamed, or {@code -1} (the default)
   * when the body is aggregated whole. See {@link #setStreamAfter(long)}.
   */
  public long streamAfter() {
    return streamAfter;
  }

  /**
   * Streams this message once its body turns out to be larger than {@code bytes}, or larger than
   * the proxy's body limit: a {@code Content-Length} over it streams the body from the start; a
   * body without one (chunked, or read until close) is buffered up to that size, then what was
   * buffered goes out first and the rest is streamed. A smaller body is aggregated as usual.
   * {@code -1} turns this off. Only meaningful in the {@code requestHeaders} /
   * {@code responseHeaders} events, before the body is read.
   *
   * <pre>{@code
   * public void responseHeaders(HttpFlow flow) {
   *   flow.response().setStreamAfter(1 << 20);   // hooks see bodies up to 1 MiB whole
   * }
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code bytes} is below {@code -1}
   */
  public void setStreamAfter(long bytes) {
    checkWritable();
    if (bytes < -1) {
      throw new IllegalArgumentException("bytes: must be -1 (off) or at least 0, got " + bytes);
    }
    this.streamAfter = bytes;
  }

  /** When the first byte of this message was seen (or when it was made). */
  public Instant timestampStart() {
    return timestampStart;
  }

  /** When the last byte of this message was seen, or {@code null} while it is incomplete. */
  public Instant timestampEnd() {
    return timestampEnd;
  }

  /** Records when the message was complete (the engine does, through {@code FlowAccess}). */
  void setTimestampEnd(Instant timestampEnd) {
    checkWritable();
    this.timestampEnd = timestampEnd;
  }

  /**
   * Takes {@code raw} as the received body, without a copy and leaving the header fields as they
   * came (the engine does, through {@code FlowAccess}, and never changes the array afterwards).
   */
  void setReceivedContent(byte[] raw) {
    checkWritable();
    content = Objects.requireNonNull(raw, "raw");
    decoded = null;
  }

  /** Whether this message belongs to a kept {@link Flow}, and every setter throws. */
  boolean isReadOnly() {
    return readOnly;
  }

  final void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("this message belongs to a kept Flow and is read-only");
    }
  }

  final void freeze() {
    readOnly = true;
    headers.freeze();
    if (trailers != null) {
      trailers.freeze();
    }
  }

  final byte[] contentArray() {
    return content;
  }

  private byte[] decoded() {
    String encoding = headers.get("Content-Encoding");
    if (encoding == null || content.length == 0) {
      return content;
    }
    Decoded cached = decoded;
    if (cached == null || !cached.encoding.equals(encoding)) {
      cached = decode(encoding);
      decoded = cached;
    }
    if (cached.failure != null) {
      throw new IllegalStateException(cached.failure, cached.cause);
    }
    return cached.body;
  }

  private Decoded decode(String encoding) {
    try {
      return new Decoded(encoding, ContentCodecs.decode(encoding, content), null, null);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new Decoded(encoding, null, "body does not decode as Content-Encoding \"" + encoding + "\": "
          + e.getMessage(), e);
    }
  }

  private Charset charset() {
    String type = headers.get("Content-Type");
    if (type != null) {
      for (String parameter : type.split(";")) {
        String p = parameter.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          String name = p.substring("charset=".length()).replace("\"", "").trim();
          try {
            return Charset.forName(name);
          } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** Checks {@code HTTP/d} or {@code HTTP/d.d} by hand: it runs twice per proxied exchange. */
  private static String checkVersion(String version) {
    Objects.requireNonNull(version, "httpVersion");
    int length = version.length();
    boolean valid = (length == 6 || length == 8) && version.startsWith("HTTP/") && isDigit(version.charAt(5))
        && (length == 6 || (version.charAt(6) == '.' && isDigit(version.charAt(7))));
    if (!valid) {
      throw new IllegalArgumentException("httpVersion: not an HTTP version: \"" + version + "\"");
    }
    return version;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * What {@link HttpRequest.Builder} and {@link HttpResponse.Builder} share: the version, the
   * headers, the body, the trailers and the timestamps. Every setter returns the concrete builder.
   *
   * <pre>{@code
   * HttpResponse response = Response.builder().status(200)
   *     .header("Content-Type", "text/plain")
   *     .content("hi".getBytes(UTF_8))
   *     .build();
   * }</pre>
   *
   * @param <B> the concrete builder
   */
  public abstract static sealed class Builder<B extends Builder<B>> permits HttpRequest.Builder, HttpResponse.Builder {
    private String httpVersion = "HTTP/1.1";
    private Headers headers = Headers.create();
    private byte[] content;
    private Headers trailers;
    private Instant timestampStart;
    private Instant timestampEnd;
    private boolean streamed;

    Builder() {}

    abstract B self();

    /** {@code HTTP/1.1} by default. */
    public B httpVersion(String httpVersion) {
      this.httpVersion = httpVersion;
      return self();
    }

    /** Appends one header field. */
    public B header(String name, String value) {
      headers.add(name, value);
      return self();
    }

    /** Replaces all header fields by a copy of {@code headers}. */
    public B headers(Headers headers) {
      this.headers = Objects.requireNonNull(headers, "headers").copy();
      return self();
    }

    /** The raw body, as on the wire. */
    public B content(byte[] content) {
      this.content = Objects.requireNonNull(content, "content").clone();
      return self();
    }

    /** Trailer fields, or {@code null} for none. */
    public B trailers(Headers trailers) {
      this.trailers = trailers == null ? null : trailers.copy();
      return self();
    }

    /** When the message started (now by default). */
    public B timestampStart(Instant timestampStart) {
      this.timestampStart = timestampStart;
      return self();
    }

    /** When the message was complete. */
    public B timestampEnd(Instant timestampEnd) {
      this.timestampEnd = timestampEnd;
      return self();
    }

    /** Whether the body is streamed rather than held. */
    public B streamed(boolean streamed) {
      this.streamed = streamed;
      return self();
    }

    final boolean isStreamed() {
      return streamed;
    }

    /** Copies the version, headers, body, trailers, timestamps and streaming flag of {@code message}. */
    final B from(HttpMessage message) {
      httpVersion = message.httpVersion;
      headers = message.headers.copy();
      content = message.content.clone();
      trailers = message.trailers == null ? null : message.trailers.copy();
      timestampStart = message.timestampStart;
      timestampEnd = message.timestampEnd;
      streamed = message.streamed;
      return self();
    }
  }
}
