package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawHttp2Client;
import dev.sluice.core.testing.RawHttp2Client.Frame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad HTTP/2 input, each answered with the right RST_STREAM or GOAWAY and no effect on other
 * connections: after each, a new connection gets a normal answer.
 */
class Http2BadInputTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private ProxyServer proxy;

  @BeforeEach
  void startReverseProxy() {
    proxy = ProxyServer.builder().mode(ProxyMode.parse("reverse:http://127.0.0.1:" + origin.port())).start();
  }

  @AfterEach
  void stopAndCheckTheProxyStillAnswers() throws Exception {
    try (RawHttp2Client fresh = RawHttp2Client.connect(proxy.address())) {
      fresh.headers(1, get("/still-fine"), true, true);
      fresh.flush();
      Frame answer = fresh.awaitFrame(f -> f.type() == RawHttp2Client.HEADERS && f.streamId() == 1);
      assertThat(answer).as("a new connection after the bad input").isNotNull();
      assertThat(fresh.status(answer)).isEqualTo("200");
    } finally {
      proxy.close();
    }
  }

  private Http2Headers get(String path) {
    return new DefaultHttp2Headers().method("GET").scheme("http").path(path).authority("127.0.0.1:" + origin.port());
  }

  private static boolean resetOrGoAway(Frame frame, int stream) {
    return frame.type() == RawHttp2Client.GOAWAY || (frame.type() == RawHttp2Client.RST_STREAM && frame.streamId() == stream);
  }

  @Test
  void rapidResetIsCutOffWithAGoAway() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      boolean cutOffWhileWriting = false;
      try {
        for (int stream = 1; stream < 2000; stream += 2) {
          h2.headers(stream, get("/reset/" + stream), true, false);
          h2.frame(RawHttp2Client.RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8});
        }
        h2.flush();
      } catch (java.io.IOException closedWhileWriting) {
        // the proxy sent its GOAWAY and hung up before the flood ended; the reset may have cost us the GOAWAY
        cutOffWhileWriting = true;
      }

      Frame goAway = h2.awaitFrame(f -> f.type() == RawHttp2Client.GOAWAY);
      if (goAway != null || !cutOffWhileWriting) {
        assertThat(goAway).isNotNull();
        assertThat(goAway.errorCode()).as(new String(goAway.payload(), 8, goAway.payload().length - 8,
            StandardCharsets.UTF_8)).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
      }
    }
  }

  @Test
  void aContinuationFloodIsRefused() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      h2.frame(RawHttp2Client.HEADERS, 0, 1, h2.encode(1, get("/continued")));
      byte[] filler = h2.encode(1, new DefaultHttp2Headers().add("x-filler", "f".repeat(4000)));
      try {
        for (int i = 0; i < 5000; i++) {
          h2.frame(RawHttp2Client.CONTINUATION, 0, 1, filler);
        }
        h2.flush();
      } catch (java.io.IOException closedWhileWriting) {
        // the proxy hung up before the flood ended: that is the point
      }

      Frame refusal = h2.awaitFrame(f -> resetOrGoAway(f, 1));
      assertThat(refusal == null || refusal.type() == RawHttp2Client.GOAWAY || refusal.type() == RawHttp2Client.RST_STREAM)
          .isTrue();
      assertThat(origin.all()).extracting(EchoOrigin.Seen::target).doesNotContain("/continued");
    }
  }

  @Test
  void aHeaderBlockOverTheLimitIsRefusedAndNeverForwarded() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      h2.headers(1, get("/huge").add("x-huge", "h".repeat(64 * 1024)), true, true);
      h2.flush();

      Frame refusal = h2.awaitFrame(f -> resetOrGoAway(f, 1) || (f.type() == RawHttp2Client.HEADERS && f.streamId() == 1));
      assertThat(refusal).isNotNull();
      if (refusal.type() == RawHttp2Client.HEADERS) {
        assertThat(h2.status(refusal)).isEqualTo("431");
      }
      assertThat(origin.all()).extracting(EchoOrigin.Seen::target).doesNotContain("/huge");
    }
  }

  @Test
  void aPingFloodFromAClientThatDoesNotReadIsCutOff() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address(), 1024)) {
      byte[] ping = new byte[8];
      try {
        for (int i = 0; i < 1_000_000; i++) {
          h2.frame(RawHttp2Client.PING, 0, 0, ping);
        }
        h2.flush();
      } catch (java.io.IOException closedWhileWriting) {
        // cut off mid-flood
      }

      assertThat(h2.closedByPeer()).isTrue();
    }
  }

  @Test
  void aRequestWithoutAPathIsReset() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      h2.headers(1, new DefaultHttp2Headers().method("GET").scheme("http").authority("127.0.0.1"), true, true);
      h2.flush();

      Frame reset = h2.awaitFrame(f -> resetOrGoAway(f, 1));
      assertThat(reset).isNotNull();
      assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
    }
  }

  @Test
  void aConnectionSpecificHeaderIsReset() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      h2.headers(1, get("/conn").add("connection", "keep-alive"), true, true);
      h2.flush();

      Frame reset = h2.awaitFrame(f -> resetOrGoAway(f, 1));
      assertThat(reset).isNotNull();
      assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
      assertThat(origin.all()).extracting(EchoOrigin.Seen::target).doesNotContain("/conn");
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthNeverReachesTheUpstreamWithOtherFraming() throws Exception {
    try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      Http2Headers post = new DefaultHttp2Headers().method("POST").scheme("http").path("/smuggle")
          .authority("127.0.0.1:" + origin.port()).add("content-length", "10");
      h2.headers(1, post, true, false);
      h2.frame(RawHttp2Client.DATA, 0x1, 1, "short".getBytes(StandardCharsets.US_ASCII));
      h2.flush();

      Frame reset = h2.awaitFrame(f -> resetOrGoAway(f, 1));
      assertThat(reset).isNotNull();
      assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
      Thread.sleep(200);
      assertThat(origin.all()).filteredOn(seen -> seen.target().equals("/smuggle"))
          .allSatisfy(seen -> assertThat(Arrays.equals(seen.body(), "short".getBytes(StandardCharsets.US_ASCII))).isFalse());
    }
  }
}
