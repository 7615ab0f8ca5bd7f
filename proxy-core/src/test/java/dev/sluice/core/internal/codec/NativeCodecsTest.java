package dev.sluice.core.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code br} and {@code zstd} bodies through the model's body API, found by ServiceLoader. */
class NativeCodecsTest {

  private static final String TEXT = "Grüße aus Sluice! ".repeat(200);

  @ParameterizedTest(name = "Content-Encoding: {0}")
  @ValueSource(strings = {"br", "zstd", "gzip, zstd", "zstd, br"})
  void textRoundTripsThroughTheEncoding(String encoding) {
    HttpResponse response = Response.builder()
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Content-Encoding", encoding)
        .build();

    response.setText(TEXT);

    byte[] raw = response.rawContent();
    assertThat(raw.length).isLessThan(TEXT.getBytes(UTF_8).length / 4);
    assertThat(response.headers().get("Content-Length")).isEqualTo(Integer.toString(raw.length));
    HttpResponse received = Response.builder()
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Content-Encoding", encoding)
        .content(raw)
        .build();
    assertThat(received.text()).isEqualTo(TEXT);
  }

  @Test
  void brotliDecodesWhatItEncoded() {
    BrotliCodec codec = new BrotliCodec();
    byte[] body = "hello brotli".getBytes(UTF_8);

    assertThat(codec.decode(codec.encode(body))).isEqualTo(body);
  }

  @Test
  void zstdDecodesWhatItEncoded() {
    ZstdCodec codec = new ZstdCodec();
    byte[] body = "hello zstd".getBytes(UTF_8);

    assertThat(codec.decode(codec.encode(body))).isEqualTo(body);
  }

  @ParameterizedTest(name = "Content-Encoding: {0}")
  @ValueSource(strings = {"br", "zstd"})
  void garbageBodyFailsWithTheEncodingInTheMessage(String encoding) {
    byte[] garbage = new byte[64];
    Arrays.fill(garbage, (byte) 0x5a);
    HttpResponse response = Response.builder()
        .header("Content-Encoding", encoding)
        .content(garbage)
        .build();

    assertThatThrownBy(response::text)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("body does not decode as Content-Encoding \"" + encoding + "\": invalid "
            + encoding + " body");
  }

  @ParameterizedTest(name = "Content-Encoding: {0}")
  @ValueSource(strings = {"br", "zstd"})
  void truncatedBodyDoesNotDecode(String encoding) {
    HttpResponse response = Response.builder().header("Content-Encoding", encoding).build();
    response.setText(TEXT);
    byte[] raw = response.rawContent();
    HttpResponse truncated = Response.builder()
        .header("Content-Encoding", encoding)
        .content(Arrays.copyOf(raw, raw.length / 2))
        .build();

    assertThatThrownBy(truncated::content).isInstanceOf(IllegalStateException.class);
  }
}
