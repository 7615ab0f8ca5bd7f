package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.ClientConnection;
import dev.sluice.api.TlsClientHello;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The upstream-certificate hook against real servers on 127.0.0.1. */
class UpstreamCertificatesTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final ClientConnection CLIENT = ClientConnection.of(
      new InetSocketAddress(LOOPBACK, 50000), new InetSocketAddress(LOOPBACK, 8080));
  private static final CertificateAuthority ORIGIN_CA =
      CertificateAuthority.builder().commonName("Upstream test CA").build();

  private static TlsClientHello hello(String sni, int port) {
    return TlsClientHello.of(CLIENT, sni, List.of("http/1.1"), "127.0.0.1", port);
  }

  /** A TLS server presenting a leaf for {@code names}, answering handshakes until closed; counts connections. */
  private static ServerSocket tlsServer(AtomicInteger accepted, String... names) throws IOException {
    SSLServerSocket server = (SSLServerSocket) ORIGIN_CA.serverSslContext(names).getServerSocketFactory()
        .createServerSocket(0, 50, LOOPBACK);
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
          accepted.incrementAndGet();
          socket.startHandshake();
        } catch (IOException e) {
          // a client that left, or the server closing
        }
      }
    });
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  @Test
  void theLeafGetsTheUpstreamsNamesPlusTheSniAndTarget() throws Exception {
    try (ServerSocket server = tlsServer(new AtomicInteger(), "www.origin.test", "origin.test")) {
      TlsClientHello hello = hello("alias.test", server.getLocalPort());

      UpstreamCertificates.create().tlsClientHello(hello);

      CertificateRequest request = hello.certificateRequest();
      assertThat(request.names()).containsExactly("alias.test", "www.origin.test", "origin.test", "127.0.0.1");
      assertThat(request.commonName()).isEqualTo("www.origin.test");
    }
  }

  @Test
  void aRemappedHostIsReadAtItsAddressAskingForItsName() throws Exception {
    try (ServerSocket server = tlsServer(new AtomicInteger(), "api.remapped.test", "www.remapped.test")) {
      TlsClientHello hello = TlsClientHello.of(CLIENT, "api.remapped.test", List.of("http/1.1"), "API.remapped.test",
          server.getLocalPort());

      UpstreamCertificates.withTimeout(Duration.ofSeconds(5))
          .withHosts(Map.of("api.REMAPPED.test", LOOPBACK))
          .tlsClientHello(hello);

      assertThat(hello.certificateRequest().names()).contains("www.remapped.test");
    }
  }

  @Test
  void resultsAreCachedPerHostPortAndSni() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = tlsServer(accepted, "cached.test")) {
      UpstreamCertificates hook = UpstreamCertificates.create();

      hook.tlsClientHello(hello("cached.test", server.getLocalPort()));
      TlsClientHello again = hello("cached.test", server.getLocalPort());
      hook.tlsClientHello(again);

      assertThat(again.certificateRequest().names()).contains("cached.test", "127.0.0.1");
      assertThat(accepted).hasValue(1);
    }
  }

  @Test
  void anUnreachableUpstreamLeavesTheRequestAsItWas() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      closedPort = socket.getLocalPort();
    }
    TlsClientHello hello = hello("offline.test", closedPort);

    UpstreamCertificates.withTimeout(Duration.ofSeconds(1)).tlsClientHello(hello);

    assertThat(hello.certificateRequest()).isEqualTo(CertificateRequest.forNames("offline.test"));
  }

  @Test
  void anUpstreamThatDoesNotSpeakTlsLeavesTheRequestAsItWas() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, LOOPBACK)) {
      Thread thread = new Thread(() -> {
        try (Socket socket = plain.accept(); OutputStream out = socket.getOutputStream()) {
          out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the test is over
        }
      });
      thread.setDaemon(true);
      thread.start();
      TlsClientHello hello = hello(null, plain.getLocalPort());

      UpstreamCertificates.withTimeout(Duration.ofSeconds(2)).tlsClientHello(hello);

      assertThat(hello.certificateRequest()).isEqualTo(CertificateRequest.forNames("127.0.0.1"));
    }
  }

  @Test
  void passedThroughConnectionsAreNotSniffed() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = tlsServer(accepted, "passed.test")) {
      TlsClientHello hello = hello("passed.test", server.getLocalPort());
      hello.passThrough();

      UpstreamCertificates.create().tlsClientHello(hello);

      assertThat(hello.certificateRequest()).isEqualTo(CertificateRequest.forNames("passed.test"));
      assertThat(accepted).hasValue(0);
    }
  }

  /**
   * A one-connection HTTP proxy that records the request line of a {@code CONNECT}, answers it with
   * {@code status}, and on 200 plays the server itself: TLS with a leaf for {@code names}.
   */
  private static ServerSocket connectProxy(List<String> requestLines, String status, String... names)
      throws IOException {
    ServerSocket proxy = new ServerSocket(0, 1, LOOPBACK);
    Thread thread = new Thread(() -> {
      try (Socket socket = proxy.accept()) {
        byte[] head = new byte[4096];
        int length = 0;
        while (length < 4 || !new String(head, length - 4, 4, StandardCharsets.ISO_8859_1).equals("\r\n\r\n")) {
          int read = socket.getInputStream().read(head, length, 1);
          if (read < 0) {
            return;
          }
          length += read;
        }
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        requestLines.add(text.substring(0, text.indexOf("\r\n")));
        socket.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        if (status.startsWith("200")) {
          SSLSocket tls = (SSLSocket) ORIGIN_CA.serverSslContext(names).getSocketFactory()
              .createSocket(socket, null, socket.getPort(), false);
          tls.setUseClientMode(false);
          tls.startHandshake();
        }
      } catch (IOException e) {
        // the test is over
      }
    });
    thread.setDaemon(true);
    thread.start();
    return proxy;
  }

  @Test
  void viaAProxyTheCertificateIsReadThroughAConnectTunnel() throws Exception {
    List<String> requestLines = new CopyOnWriteArrayList<>();
    try (ServerSocket proxy = connectProxy(requestLines, "200 Connection established", "real.origin.test")) {
      TlsClientHello hello = TlsClientHello.of(CLIENT, "behind.proxy.test", List.of(), "behind.proxy.test", 443);

      UpstreamCertificates.withTimeout(Duration.ofSeconds(5)).viaProxy("127.0.0.1", proxy.getLocalPort())
          .tlsClientHello(hello);

      assertThat(requestLines).containsExactly("CONNECT behind.proxy.test:443 HTTP/1.1");
      assertThat(hello.certificateRequest().names()).containsExactly("behind.proxy.test", "real.origin.test");
    }
  }

  @Test
  void aProxyRefusingTheTunnelLeavesTheRequestAsItWas() throws Exception {
    List<String> requestLines = new CopyOnWriteArrayList<>();
    try (ServerSocket proxy = connectProxy(requestLines, "407 Proxy Authentication Required")) {
      TlsClientHello hello = TlsClientHello.of(CLIENT, "refused.test", List.of(), "refused.test", 443);

      UpstreamCertificates.withTimeout(Duration.ofSeconds(5)).viaProxy("127.0.0.1", proxy.getLocalPort())
          .tlsClientHello(hello);

      assertThat(requestLines).containsExactly("CONNECT refused.test:443 HTTP/1.1");
      assertThat(hello.certificateRequest()).isEqualTo(CertificateRequest.forNames("refused.test"));
    }
  }

  @Test
  void theProxyPortMustBeValid() {
    assertThatThrownBy(() -> UpstreamCertificates.create().viaProxy("127.0.0.1", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void theTimeoutMustBePositive() {
    assertThatThrownBy(() -> UpstreamCertificates.withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
  }
}
