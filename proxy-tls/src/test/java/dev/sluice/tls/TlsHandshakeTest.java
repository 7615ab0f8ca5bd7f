package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Real TLS handshakes on 127.0.0.1: a JDK server presents a minted leaf, a JDK client checks it. */
class TlsHandshakeTest {

  private static final CertificateAuthority CA = CertificateAuthority.ephemeral();
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void theJdkClientAcceptsALeafForAHostNameItSentAsSni() throws Exception {
    try (SSLServerSocket server = listen("example.test")) {
      CompletableFuture<List<SNIServerName>> sni = serveOnce(server);

      assertThat(connect(CA.sslContext(), server.getLocalPort(), "example.test")).isEqualTo(42);
      assertThat(sni.get(10, TimeUnit.SECONDS)).containsExactly(new SNIHostName("example.test"));
    }
  }

  @Test
  void theJdkClientAcceptsALeafForAnIpLiteral() throws Exception {
    try (SSLServerSocket server = listen("127.0.0.1")) {
      CompletableFuture<List<SNIServerName>> sni = serveOnce(server);

      assertThat(connect(CA.sslContext(), server.getLocalPort(), "127.0.0.1")).isEqualTo(42);
      assertThat(sni.get(10, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void theJdkClientAcceptsTheLeafOverTls12() throws Exception {
    try (SSLServerSocket server = listen("example.test")) {
      serveOnce(server);

      assertThat(connect(CA.sslContext(), server.getLocalPort(), "example.test", "TLSv1.2")).isEqualTo(42);
    }
  }

  @Test
  void theJdkClientAcceptsAWildcardLeafForAHostUnderIt() throws Exception {
    try (SSLServerSocket server = listen("*.example.test")) {
      serveOnce(server);

      assertThat(connect(CA.sslContext(), server.getLocalPort(), "api.example.test")).isEqualTo(42);
    }
  }

  @Test
  void theJdkClientRejectsALeafForAnotherName() throws Exception {
    try (SSLServerSocket server = listen("other.test")) {
      serveOnce(server);

      assertThatThrownBy(() -> connect(CA.sslContext(), server.getLocalPort(), "example.test"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("example.test");
    }
  }

  @Test
  void aClientTrustingAnotherCaRejectsTheLeaf() throws Exception {
    try (SSLServerSocket server = listen("example.test")) {
      serveOnce(server);

      assertThatThrownBy(() -> connect(CertificateAuthority.ephemeral().sslContext(),
          server.getLocalPort(), "example.test"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX path");
    }
  }

  private static SSLServerSocket listen(String name) throws IOException {
    SSLServerSocket server = (SSLServerSocket) CA.serverSslContext(name).getServerSocketFactory()
        .createServerSocket(0, 1, LOOPBACK);
    server.setSoTimeout(10_000);
    return server;
  }

  /** Accepts one connection, completes the handshake, writes 42; yields the SNI it received. */
  private static CompletableFuture<List<SNIServerName>> serveOnce(SSLServerSocket server) {
    return CompletableFuture.supplyAsync(() -> {
      try (SSLSocket socket = (SSLSocket) server.accept()) {
        socket.startHandshake();
        List<SNIServerName> sni = ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames();
        socket.getOutputStream().write(42);
        socket.getOutputStream().flush();
        return sni;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Connects to 127.0.0.1:port as {@code host}, checking the certificate like an HTTPS client. */
  private static int connect(SSLContext context, int port, String host) throws IOException {
    return connect(context, port, host, "TLSv1.3");
  }

  private static int connect(SSLContext context, int port, String host, String protocol)
      throws IOException {
    try (Socket plain = new Socket(LOOPBACK, port);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      parameters.setProtocols(new String[] {protocol});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      return socket.getInputStream().read();
    }
  }
}
