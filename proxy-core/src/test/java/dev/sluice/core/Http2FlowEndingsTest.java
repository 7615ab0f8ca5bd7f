package dev.sluice.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.RawHttp2Client;
import dev.sluice.core.testing.RawHttp2Client.Frame;
import dev.sluice.core.testing.RawOrigin;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How an HTTP/2 flow ends early: the stream is reset, the flow records why, the connection's other
 * streams go on, and nothing the flow held is left unreleased (the leak detector checks each test).
 */
class Http2FlowEndingsTest {

  private static Http2Headers get(RawOrigin origin, String path) {
    return new DefaultHttp2Headers().method("GET").scheme("http").path(path).authority("127.0.0.1:" + origin.port());
  }

  @Test
  void aFlowKilledWhileTheRestOfItsResponseWaitsResetsItsStreamAndReleasesWhatItHeld() throws Exception {
    CompletableFuture<String> error = new CompletableFuture<>();
    FlowHook killer = FlowHook.blocking(new FlowHook() {
      @Override public void responseHeaders(HttpFlow flow) {
        if (flow.request().path().equals("/kill")) {
          // the hook runs off the event loop: meanwhile the response's body, read with its head, waits in the flow
          flow.kill();
        }
      }

      @Override public void error(HttpFlow flow) {
        error.complete(flow.error().message());
      }
    });
    // the head and the body in one write: the proxy reads them together
    try (RawOrigin origin = RawOrigin.start((socket, head) -> {
          socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(US_ASCII));
          socket.getOutputStream().flush();
          // open until the proxy hangs up, so that the flow ends by the kill alone
          socket.getInputStream().read();
        });
        ProxyServer proxy = ProxyServer.builder().mode(ProxyMode.parse("reverse:http://127.0.0.1:" + origin.port()))
            .hook(killer).start();
        RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      h2.headers(1, get(origin, "/kill"), true, true);
      h2.flush();

      Frame reset = h2.awaitFrame(f -> f.streamId() == 1 && (f.type() == RawHttp2Client.RST_STREAM
          || f.type() == RawHttp2Client.HEADERS));
      assertThat(reset.type()).isEqualTo(RawHttp2Client.RST_STREAM);
      assertThat(error.get(5, TimeUnit.SECONDS)).isEqualTo("Connection killed.");

      h2.headers(3, get(origin, "/next"), true, true);
      h2.flush();
      Frame next = h2.awaitFrame(f -> f.streamId() == 3 && f.type() == RawHttp2Client.HEADERS);
      assertThat(h2.status(next)).isEqualTo("200");
    }
  }
}
