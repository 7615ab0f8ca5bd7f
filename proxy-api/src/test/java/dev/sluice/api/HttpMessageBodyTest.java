package dev.sluice.api;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMessageBodyTest {

  private static HttpResponse response(String... namesAndValues) {
    return Response.builder().headers(Headers.of(namesAndValues)).build();
  }

  @ParameterizedTest(name = "Content-Encoding: {0}")
  @ValueSource(strings = {"gzip", "deflate", "x-gzip", "GZIP", "gzip, deflate", "identity", "deflate, identity"})
  void setTextEncodesAndTextDecodes(String encoding) {
    HttpResponse response = response("Content-Encoding", encoding, "Transfer-Encoding", "chunked");

    response.setText("hello, world ".repeat(50));

    assertThat(response.text()).isEqualTo("hello, world ".repeat(50));
    assertThat(response.headers().get("Content-Length")).isEqualTo(Integer.toString(response.rawContentLength()));
    assertThat(response.headers().contains("Transfer-Encoding")).isFalse();
    HttpResponse received = response("Content-Encoding", encoding).newBuilder().content(response.rawContent()).build();
    assertThat(received.text()).isEqualTo("hello, world ".repeat(50));
  }

  @Test
  void gzipBodyIsGzipOnTheWire() {
    HttpResponse response = response("Content-Encoding", "gzip");

    response.setContent("abc".getBytes(UTF_8));

    assertThat(response.rawContent()).startsWith(0x1f, 0x8b);
    assertThat(response.content()).isEqualTo("abc".getBytes(UTF_8));
  }

  @Test
  void deflateBodyIsZlibWrappedAndRawDeflateIsAcceptedToo() {
    HttpResponse response = response("Content-Encoding", "deflate");
    response.setText("zlib");
    assertThat(response.rawContent()[0]).isEqualTo((byte) 0x78);

    Deflater raw = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    raw.setInput("raw deflate".getBytes(UTF_8));
    raw.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[256];
    while (!raw.finished()) {
      out.write(buffer, 0, raw.deflate(buffer));
    }
    raw.end();
    HttpResponse rawDeflate = Response.builder().header("Content-Encoding", "deflate").content(out.toByteArray()).build();
    assertThat(rawDeflate.text()).isEqualTo("raw deflate");
  }

  @Test
  void setRawContentFixesContentLengthAndKeepsTheBytes() {
    HttpResponse response = response("Content-Length", "999", "Transfer-Encoding", "chunked");

    response.setRawContent(new byte[] {1, 2, 3});

    assertThat(response.headers()).hasToString("Content-Length: 3\r\n");
    assertThat(response.rawContent()).containsExactly(1, 2, 3);
  }

  @Test
  void textUsesTheCharsetOfContentType() {
    HttpResponse latin = response("Content-Type", "text/plain; charset=ISO-8859-1");
    latin.setText("caf\u00e9");
    assertThat(latin.rawContent()).isEqualTo("caf\u00e9".getBytes(ISO_8859_1));
    assertThat(latin.text()).isEqualTo("caf\u00e9");

    HttpResponse quoted = response("Content-Type", "text/plain;Charset=\"utf-16\"");
    quoted.setText("x");
    assertThat(quoted.rawContentLength()).isEqualTo(4);
  }

  @Test
  void textIsUtf8WithoutACharsetOrWithAnUnknownOne() {
    HttpResponse none = response("Content-Type", "text/plain");
    none.setText("caf\u00e9");
    assertThat(none.rawContent()).isEqualTo("caf\u00e9".getBytes(UTF_8));

    HttpResponse unknown = response("Content-Type", "text/plain; charset=no-such-charset");
    unknown.setText("caf\u00e9");
    assertThat(unknown.rawContent()).isEqualTo("caf\u00e9".getBytes(UTF_8));
  }

  @Test
  void undecodableBodyFailsWithTheEncodingInTheMessage() {
    HttpResponse response = Response.builder()
        .header("Content-Encoding", "gzip")
        .content("not gzip".getBytes(UTF_8))
        .build();

    assertThatThrownBy(response::text)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("body does not decode as Content-Encoding \"gzip\": invalid gzip body");
    assertThatThrownBy(response::content).isInstanceOf(IllegalStateException.class);
    assertThat(response.rawContent()).isEqualTo("not gzip".getBytes(UTF_8));
  }

  @Test
  void unknownEncodingFailsNamingIt() {
    HttpResponse response = Response.builder()
        .header("Content-Encoding", "compress")
        .content(new byte[] {1})
        .build();

    assertThatThrownBy(response::content)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no codec for Content-Encoding \"compress\"");
    assertThatThrownBy(() -> response.setText("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"compress\"");
  }

  @Test
  void emptyBodyDecodesToEmptyWhateverTheEncoding() {
    assertThat(response("Content-Encoding", "gzip").content()).isEmpty();
  }

  @Test
  void changingContentEncodingChangesWhatTheBodyDecodesTo() {
    HttpResponse response = response("Content-Encoding", "gzip");
    response.setText("hello");
    byte[] gzipped = response.rawContent();
    assertThat(response.text()).isEqualTo("hello");

    response.headers().remove("Content-Encoding");

    assertThat(response.content()).isEqualTo(gzipped);
    response.headers().set("Content-Encoding", "gzip");
    assertThat(response.text()).isEqualTo("hello");
  }

  @Test
  void contentIsACopyAndContentBufferIsReadOnly() {
    HttpResponse response = response("Content-Encoding", "gzip");
    response.setText("abc");

    response.content()[0] = 'X';
    ByteBuffer view = response.contentBuffer();

    assertThat(response.text()).isEqualTo("abc");
    assertThat(view.remaining()).isEqualTo(3);
    assertThatThrownBy(() -> view.put(0, (byte) 'X')).isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(() -> response.rawContentBuffer().put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void builderContentIsCopied() {
    byte[] body = "abc".getBytes(UTF_8);
    HttpResponse response = Response.builder().content(body).build();

    body[0] = 'X';

    assertThat(response.text()).isEqualTo("abc");
  }

  @Test
  void httpVersionIsValidated() {
    HttpResponse response = Response.of(200);
    response.setHttpVersion("HTTP/1.0");
    assertThat(response.httpVersion()).isEqualTo("HTTP/1.0");

    assertThatThrownBy(() -> response.setHttpVersion("HTTP/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("httpVersion: not an HTTP version: \"HTTP/x\"");
    assertThatThrownBy(() -> Request.builder().httpVersion("SPDY/3").build())
        .hasMessageStartingWith("httpVersion:");
  }

  @Test
  void trailersAreKeptAndRemovable() {
    HttpResponse response = Response.builder().trailers(Headers.of("Checksum", "abc")).build();
    assertThat(response.trailers().get("checksum")).isEqualTo("abc");

    response.setTrailers(null);

    assertThat(response.trailers()).isNull();
  }
}
