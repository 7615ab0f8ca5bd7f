package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MaxConnectionsTest {

  @Test
  void aConnectionBeyondTheLimitGetsA503NamingItAndClosingOneLetsTheNextClientIn() throws Exception {
    CountDownLatch disconnected = new CountDownLatch(1);
    FlowHook disconnects = new FlowHook() {
      @Override public void clientDisconnected(ClientConnection client) {
        disconnected.countDown();
      }
    };
    try (EchoOrigin origin = EchoOrigin.start();
        ProxyServer proxy = ProxyServer.builder().maxConnections(2).hook(disconnects).start();
        RawClient first = RawClient.connect(proxy.address());
        RawClient second = RawClient.connect(proxy.address())) {
      String get = "GET " + origin.uri("/through") + " HTTP/1.1\r\nHost: x\r\n\r\n";

      try (RawClient third = RawClient.connect(proxy.address())) {
        assertThat(third.readUntilClosed())
            .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
            .containsIgnoringCase("connection: close\r\n")
            .endsWith("\r\n\r\nSluice: the proxy is at its limit of 2 concurrent connections (maxConnections)\n");
      }
      assertThat(first.send(get).readResponse())
          .startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("x-echo-target: /through\r\n");

      second.close();
      assertThat(disconnected.await(5, TimeUnit.SECONDS)).isTrue();
      try (RawClient fourth = RawClient.connect(proxy.address())) {
        assertThat(fourth.send(get).readResponse())
            .startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("x-echo-target: /through\r\n");
      }
      assertThat(origin.all()).hasSize(2);
    }
  }
}
