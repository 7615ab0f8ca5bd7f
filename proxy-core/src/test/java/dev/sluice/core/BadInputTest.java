package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawClient;
import dev.sluice.core.testing.RawOrigin;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BadInputTest {

  private final CompletableFuture<FlowError> error = new CompletableFuture<>();
  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();
  private ProxyServer proxy;

  @BeforeEach
  void start() {
    proxy = ProxyServer.builder()
        .maxHeaderSize(2048)
        .maxBodySize(100)
        .responseTimeout(Duration.ofMillis(300))
        .hook(FlowHook.onError(flow -> error.complete(flow.error())))
        .start();
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private String host() {
    return "127.0.0.1:" + origin.port();
  }

  private String exchange(String request) {
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send(request);
      return raw.readUntilClosed();
    }
  }

  private FlowError flowError() throws Exception {
    return error.get(5, TimeUnit.SECONDS);
  }

  @Test
  void requestLineThatIsNotHttpIsABadRequest() {
    String response = exchange("HELLO THERE\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close")
        .contains("Sluice: malformed request");
  }

  @Test
  void headerSectionOverTheLimitGets431() {
    String response = exchange("GET http://" + host() + "/ HTTP/1.1\r\nHost: " + host() + "\r\nX-Big: "
        + "a".repeat(4000) + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
        .contains("exceeds the limit of 2048 bytes");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void declaredRequestBodyOverTheLimitGets413() throws Exception {
    String response = exchange("POST http://" + host() + "/ HTTP/1.1\r\nHost: " + host()
        + "\r\nContent-Length: 101\r\n\r\n" + "b".repeat(101));

    assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n")
        .contains("request body of 101 bytes exceeds the limit of 100 bytes");
    assertThat(flowError().kind()).isEqualTo(FlowError.Kind.LIMIT_EXCEEDED);
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void chunkedRequestBodyOverTheLimitGets413() {
    String response = exchange("POST http://" + host() + "/ HTTP/1.1\r\nHost: " + host()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + "c".repeat(64) + "\r\n40\r\n" + "c".repeat(64)
        + "\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 413 ");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void contentLengthWithTransferEncodingIsRejectedAndNeverForwarded() {
    String response = exchange("POST http://" + host() + "/ HTTP/1.1\r\nHost: " + host()
        + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("both Transfer-Encoding and Content-Length");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void twoDifferentContentLengthsAreRejectedAndNeverForwarded() {
    String response = exchange("POST http://" + host() + "/ HTTP/1.1\r\nHost: " + host()
        + "\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Length");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void invalidChunkSizeIsABadRequest() throws Exception {
    String response = exchange("POST http://" + host() + "/ HTTP/1.1\r\nHost: " + host()
        + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("malformed request body");
    assertThat(flowError().kind()).isEqualTo(FlowError.Kind.PROTOCOL_ERROR);
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void unreachableUpstreamGets502WithTheReason() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://127.0.0.1:" + closedPort + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + closedPort + "\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
          .contains("text/plain")
          .contains("cannot connect to 127.0.0.1:" + closedPort);
    }
    assertThat(flowError().kind()).isEqualTo(FlowError.Kind.CONNECT_FAILED);
  }

  @Test
  void responseBodyOverTheLimitGets502() throws Exception {
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host() + "/size/500 HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
          .contains("response body from " + host() + " exceeds the limit of 100 bytes");
    }
    assertThat(flowError().kind()).isEqualTo(FlowError.Kind.LIMIT_EXCEEDED);
  }

  @Test
  void silentUpstreamGets504() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RawOrigin silent = RawOrigin.start((socket, head) -> {
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })) {
      try (RawClient raw = RawClient.connect(proxy.address())) {
        raw.send("GET http://127.0.0.1:" + silent.port() + "/ HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(raw.readResponse()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n")
            .contains("did not answer within 300 ms");
      } finally {
        release.countDown();
      }
    }
    assertThat(flowError().kind()).isEqualTo(FlowError.Kind.TIMEOUT);
  }

  @Test
  void upstreamResetMidResponseClosesTheClientConnection() throws Exception {
    try (RawOrigin resetting = RawOrigin.start((socket, head) -> {
      socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly ten b"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    })) {
      String response = exchange("GET http://127.0.0.1:" + resetting.port() + "/ HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("Connection: close")
          .contains("closed the connection before the response was complete");
    }
    assertThat(flowError().kind()).isEqualTo(FlowError.Kind.UPSTREAM_RESET);
  }

  @Test
  void clientThatDisconnectsMidRequestGetsTheUpstreamConnectionClosed() throws Exception {
    CompletableFuture<String> upstreamReadToEnd = new CompletableFuture<>();
    try (RawOrigin waiting = RawOrigin.start((socket, head) -> {
      InputStream in = socket.getInputStream();
      upstreamReadToEnd.complete(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    })) {
      ProxyServer streaming = ProxyServer.builder()
          .hook(FlowHook.onRequestHeaders(flow -> flow.request().setStreamed(true)))
          .hook(FlowHook.onError(flow -> error.complete(flow.error())))
          .start();
      try (streaming; RawClient raw = RawClient.connect(streaming.address())) {
        raw.send("POST http://127.0.0.1:" + waiting.port() + "/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
            + "partial");
        assertThat(waiting.nextHead()).startsWith("POST / HTTP/1.1");
        raw.close();

        assertThat(flowError().kind()).isEqualTo(FlowError.Kind.CLIENT_ABORTED);
      }
      assertThat(upstreamReadToEnd.get(5, TimeUnit.SECONDS)).isEqualTo("partial");
    }
  }
}
