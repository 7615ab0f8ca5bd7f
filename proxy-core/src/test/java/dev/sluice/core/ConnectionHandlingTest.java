package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.RawClient;
import dev.sluice.core.testing.RawOrigin;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionHandlingTest {

  private static void write(java.net.Socket socket, String text) throws java.io.IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Test
  void trailersOfChunkedMessagesAreForwardedBothWays() throws Exception {
    CompletableFuture<String> requestBody = new CompletableFuture<>();
    try (RawOrigin origin = RawOrigin.start((socket, head) -> {
      requestBody.complete(RawOrigin.readHead(socket.getInputStream()));
      write(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
          + "3\r\nabc\r\n0\r\nX-Sum: 42\r\n\r\n");
    });
        ProxyServer proxy = ProxyServer.builder().start();
        RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("POST http://127.0.0.1:" + origin.port() + "/t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Trailer: X-Check\r\n\r\n4\r\ndata\r\n0\r\nX-Check: 7\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("abc[trailer X-Sum: 42]");
      assertThat(requestBody.get(5, TimeUnit.SECONDS)).isEqualTo("4\r\ndata\r\n0\r\nX-Check: 7\r\n\r\n");
    }
  }

  @Test
  void upstreamThatClosesAfterEachResponseGetsAFreshConnectionPerRequest() throws Exception {
    try (RawOrigin origin = RawOrigin.start((socket, head) ->
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
        ProxyServer proxy = ProxyServer.builder().start();
        RawClient raw = RawClient.connect(proxy.address())) {
      for (int i = 0; i < 3; i++) {
        raw.send("GET http://127.0.0.1:" + origin.port() + "/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Connection: close")
            .endsWith("ok");
      }
      assertThat(origin.connections()).isEqualTo(3);
    }
  }

  @Test
  void http10ClientAskingForKeepAliveKeepsItsConnection() throws Exception {
    try (RawOrigin origin = RawOrigin.start((socket, head) ->
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        ProxyServer proxy = ProxyServer.builder().start();
        RawClient raw = RawClient.connect(proxy.address())) {
      String request = "GET http://127.0.0.1:" + origin.port() + "/ HTTP/1.1\r\nHost: x\r\n\r\n";
      raw.send(request.replace("HTTP/1.1", "HTTP/1.0").replace("Host: x", "Connection: keep-alive"));

      assertThat(raw.readResponse()).contains("Connection: keep-alive").endsWith("ok");
      raw.send(request);
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("ok");
    }
  }

  @Test
  void clientThatStallsMidBodyGets408() throws Exception {
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    try (ProxyServer proxy = ProxyServer.builder()
            .idleTimeout(Duration.ofMillis(200))
            .hook(FlowHook.onError(flow -> error.complete(flow.error())))
            .start();
        RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("POST http://127.0.0.1:9/ HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

      assertThat(raw.readUntilClosed()).startsWith("HTTP/1.1 408 Request Timeout\r\n")
          .contains("while its request was incomplete");
      assertThat(error.get(5, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.TIMEOUT);
    }
  }

  @Test
  void clientThatLeavesWhileTheUpstreamThinksGetsTheUpstreamConnectionClosed() throws Exception {
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    CompletableFuture<Integer> upstreamEnd = new CompletableFuture<>();
    try (RawOrigin origin = RawOrigin.start((socket, head) -> upstreamEnd.complete(socket.getInputStream().read()));
        ProxyServer proxy = ProxyServer.builder().hook(FlowHook.onError(flow -> error.complete(flow.error()))).start()) {
      try (RawClient raw = RawClient.connect(proxy.address())) {
        raw.send("GET http://127.0.0.1:" + origin.port() + "/slow HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(origin.nextHead()).startsWith("GET /slow HTTP/1.1");
      }

      assertThat(error.get(5, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.CLIENT_ABORTED);
      assertThat(upstreamEnd.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }
  }
}
