package dev.sluice.core.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FirstBytesTest {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  /** The first flight of a real JDK TLS client asking for {@code sni} (or none) and {@code alpn}. */
  private static byte[] jdkClientHello(String sni, String... alpn) throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine();
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    parameters.setApplicationProtocols(alpn);
    engine.setSSLParameters(parameters);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }

  private static FirstBytes.Peek peek(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    try {
      FirstBytes.Peek peek = FirstBytes.peek(in, ALLOC);
      assertThat(in.readerIndex()).isZero();
      return peek;
    } finally {
      in.release();
    }
  }

  @Test
  void aJdkClientHelloGivesItsSniAndAlpn() throws Exception {
    FirstBytes.Peek peek = peek(jdkClientHello("api.example.com", "h2", "http/1.1"));

    assertThat(peek.kind()).isEqualTo(FirstBytes.Kind.TLS);
    assertThat(peek.hello().sni()).isEqualTo("api.example.com");
    assertThat(peek.hello().alpn()).containsExactly("h2", "http/1.1");
    assertThat(peek.hello().offersNoneOf(List.of("h2", "http/1.1"))).isFalse();
  }

  @Test
  void aClientHelloWithoutSniOrAlpnHasNeither() throws Exception {
    FirstBytes.Peek peek = peek(jdkClientHello(null));

    assertThat(peek.kind()).isEqualTo(FirstBytes.Kind.TLS);
    assertThat(peek.hello().sni()).isNull();
    assertThat(peek.hello().alpn()).isEmpty();
  }

  @Test
  void aClientOfferingNeitherH2NorHttp11OffersOnlyOtherProtocols() throws Exception {
    assertThat(peek(jdkClientHello("spdy.example", "spdy/3.1")).hello().offersNoneOf(List.of("h2", "http/1.1"))).isTrue();
    assertThat(peek(jdkClientHello("h2.example", "h2")).hello().offersNoneOf(List.of("h2", "http/1.1"))).isFalse();
    assertThat(peek(jdkClientHello("h2.example", "h2")).hello().offersNoneOf(List.of("http/1.1"))).isTrue();
  }

  @Test
  void theHttp2PrefaceIsHttp2WithPriorKnowledgeAndAPostIsNot() {
    assertThat(peek("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).kind())
        .isEqualTo(FirstBytes.Kind.HTTP2);
    assertThat(peek("PRI * HTTP/2".getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(FirstBytes.Kind.NEED_MORE);
    assertThat(peek("POST / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(FirstBytes.Kind.HTTP);
  }

  @Test
  void aClientHelloSplitAcrossRecordsIsReassembled() throws Exception {
    byte[] hello = jdkClientHello("split.example", "http/1.1");
    int bodyLength = hello.length - 5;
    int half = bodyLength / 2;
    byte[] split = new byte[hello.length + 5];
    System.arraycopy(hello, 0, split, 0, 5 + half);
    split[3] = (byte) (half >> 8);
    split[4] = (byte) half;
    int second = 5 + half;
    split[second] = 22;
    split[second + 1] = hello[1];
    split[second + 2] = hello[2];
    split[second + 3] = (byte) ((bodyLength - half) >> 8);
    split[second + 4] = (byte) (bodyLength - half);
    System.arraycopy(hello, 5 + half, split, second + 5, bodyLength - half);

    FirstBytes.Peek peek = peek(split);

    assertThat(peek.kind()).isEqualTo(FirstBytes.Kind.TLS);
    assertThat(peek.hello().sni()).isEqualTo("split.example");
  }

  @Property(tries = 50)
  void everyTruncatedClientHelloNeedsMore(@ForAll @IntRange(min = 1, max = 200) int cut) throws Exception {
    byte[] hello = jdkClientHello("cut.example", "http/1.1");
    byte[] truncated = java.util.Arrays.copyOf(hello, Math.max(1, hello.length - cut));

    assertThat(peek(truncated).kind()).isEqualTo(FirstBytes.Kind.NEED_MORE);
  }

  @Property(tries = 300)
  void anyBytesAfterATlsRecordHeaderAreReadWithoutFailing(@ForAll byte[] tail) {
    byte[] bytes = new byte[tail.length + 9];
    bytes[0] = 22;
    bytes[1] = 3;
    bytes[2] = 1;
    bytes[3] = (byte) ((tail.length + 4) >> 8);
    bytes[4] = (byte) (tail.length + 4);
    bytes[5] = 1;
    bytes[8] = (byte) tail.length;
    bytes[7] = (byte) (tail.length >> 8);
    System.arraycopy(tail, 0, bytes, 9, tail.length);

    FirstBytes.Peek peek = peek(bytes);

    assertThat(peek.kind()).isIn(FirstBytes.Kind.TLS, FirstBytes.Kind.NEED_MORE, FirstBytes.Kind.OTHER);
  }

  @Test
  void httpRequestLinesAreHttp() {
    assertThat(peek("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(FirstBytes.Kind.HTTP);
    assertThat(peek("OPTIONS * HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)).kind())
        .isEqualTo(FirstBytes.Kind.HTTP);
    assertThat(peek("GE".getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(FirstBytes.Kind.NEED_MORE);
  }

  @Test
  void anythingElseIsOther() {
    assertThat(peek("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII)).kind())
        .isEqualTo(FirstBytes.Kind.OTHER);
    assertThat(peek(new byte[] {0x16, 0x03, 0x01, ' ', 'n', 'o'}).kind()).isEqualTo(FirstBytes.Kind.OTHER);
    assertThat(peek(new byte[] {0, 1, 2}).kind()).isEqualTo(FirstBytes.Kind.OTHER);
  }
}
