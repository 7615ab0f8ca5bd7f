package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.GrpcStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Decompressing gRPC messages by the call's {@code grpc-encoding}, and what the spec says when it cannot. */
class GrpcEncodingTest {

  private static final byte[] HELLO = "hello, hello, hello".getBytes(StandardCharsets.UTF_8);

  @Test
  void gzipAndDeflateRoundTrip() throws Exception {
    for (String name : new String[] {"gzip", "deflate"}) {
      GrpcEncoding encoding = new GrpcEncoding(name, true);
      byte[] packed = encoding.encode(HELLO, true);
      assertThat(packed).isNotEqualTo(HELLO);
      assertThat(encoding.decode(packed, true)).isEqualTo(HELLO);
    }
  }

  @Test
  void anUncompressedMessagePassesWhateverTheEncoding() throws Exception {
    assertThat(new GrpcEncoding("snappy", true).decode(HELLO, false)).isEqualTo(HELLO);
    assertThat(new GrpcEncoding(null, true).encode(HELLO, true)).isEqualTo(HELLO);
  }

  @Test
  void aCompressedMessageWithoutAnEncodingIsInternal() {
    assertThatThrownBy(() -> new GrpcEncoding(null, true).decode(HELLO, true))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> {
          assertThat(f.status()).isEqualTo(GrpcStatus.INTERNAL);
          assertThat(f).hasMessageContaining("the client named no grpc-encoding");
        });
  }

  @Test
  void anUnknownEncodingIsUnimplementedFromAClientAndInternalFromAServer() {
    assertThatThrownBy(() -> new GrpcEncoding("snappy", true).decode(HELLO, true))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> assertThat(f.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED));
    assertThatThrownBy(() -> new GrpcEncoding("snappy", false).decode(HELLO, true))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> assertThat(f.status()).isEqualTo(GrpcStatus.INTERNAL));
  }

  @Test
  void bytesThatDoNotDecompressAreInternal() {
    assertThatThrownBy(() -> new GrpcEncoding("gzip", true).decode(HELLO, true))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> {
          assertThat(f.status()).isEqualTo(GrpcStatus.INTERNAL);
          assertThat(f).hasMessageContaining("does not decompress as gzip");
        });
  }
}
