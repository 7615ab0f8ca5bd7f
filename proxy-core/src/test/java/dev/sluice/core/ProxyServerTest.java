package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawClient;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProxyServerTest {

  @Test
  void startsOnLoopbackAndAnyFreePortByDefault() {
    try (ProxyServer proxy = ProxyServer.builder().start()) {
      assertThat(proxy.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(proxy.address().getPort()).isPositive();
      assertThat(proxy.mode()).isEqualTo(ProxyMode.regular());
      assertThat(proxy.toString()).contains("regular");
    }
  }

  @Test
  void closeFreesThePortSoItCanBeBoundAgain() throws Exception {
    ProxyServer proxy = ProxyServer.builder().start();
    int port = proxy.address().getPort();
    RawClient connected = RawClient.connect(proxy.address());

    proxy.close();
    proxy.close();

    assertThat(connected.isClosedByPeer()).isTrue();
    connected.close();
    try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    try (ProxyServer second = ProxyServer.builder().port(port).start()) {
      assertThat(second.address().getPort()).isEqualTo(port);
    }
  }

  @Test
  void closeStopsEveryThreadTheServerStarted() throws Exception {
    ProxyServer proxy = ProxyServer.builder().hook(FlowHook.blocking(FlowHook.onRequest(flow -> { }))).start();
    try (EchoOrigin origin = EchoOrigin.start(); RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET " + origin.uri("/x") + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
    }

    proxy.close();

    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("sluice-")) {
        thread.join(5_000);
        assertThat(thread.isAlive()).as(thread.getName()).isFalse();
      }
    }
  }

  @Test
  void bindFailureNamesTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> ProxyServer.builder().port(taken.getLocalPort()).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void closeClosesAutoCloseableHooksInReverseOrder() {
    List<String> closed = new CopyOnWriteArrayList<>();
    final class ClosingHook implements FlowHook, AutoCloseable {
      private final String name;

      ClosingHook(String name) {
        this.name = name;
      }

      @Override public void close() {
        closed.add(name);
      }
    }
    ProxyServer proxy = ProxyServer.builder()
        .hook(new ClosingHook("first"))
        .hook(FlowHook.onRequest(flow -> { }))
        .hook(new ClosingHook("second"))
        .start();
    proxy.addHook(new ClosingHook("added"));

    proxy.close();

    assertThat(closed).containsExactly("added", "second", "first");
  }

  @Test
  void hooksAreListedInTheOrderAdded() {
    FlowHook a = FlowHook.onRequest(HttpFlow::kill);
    FlowHook b = FlowHook.onResponse(flow -> { });
    try (ProxyServer proxy = ProxyServer.builder().upstreamCert(false).hook(a).start()) {
      proxy.addHook(b);

      assertThat(proxy.hooks()).containsExactly(a, b);
    }
  }

  @Test
  void idleClientConnectionIsClosed() {
    try (ProxyServer proxy = ProxyServer.builder().idleTimeout(Duration.ofMillis(100)).start();
        RawClient raw = RawClient.connect(proxy.address())) {
      assertThat(raw.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void builderRejectsBadArgumentsNamingThem() {
    ProxyServer.Builder builder = ProxyServer.builder();

    assertThatThrownBy(() -> builder.port(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> builder.listenHost(" ")).hasMessage("listen_host: must not be blank");
    assertThatThrownBy(() -> builder.listenHost(null)).isInstanceOf(NullPointerException.class).hasMessage("host");
    assertThatThrownBy(() -> builder.mode(null)).hasMessage("mode");
    assertThatThrownBy(() -> builder.hook(null)).hasMessage("hook");
    assertThatThrownBy(() -> builder.maxHeaderSize(10)).hasMessageContaining("maxHeaderSize");
    assertThatThrownBy(() -> builder.maxBodySize(-1)).hasMessageStartingWith("body_size_limit: ");
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> builder.responseTimeout(Duration.ofSeconds(-1))).hasMessageContaining("responseTimeout");
    assertThatThrownBy(() -> builder.idleTimeout(null)).hasMessage("idleTimeout");
    assertThatThrownBy(() -> builder.maxConnections(0)).hasMessage("max_connections: must be at least 1, got 0");
  }
}
