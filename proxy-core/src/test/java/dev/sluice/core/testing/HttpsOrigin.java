package dev.sluice.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.api.CertificateRequest;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTPS origin on 127.0.0.1 and a free port, for tests, presenting a certificate from its
 * own CA for {@code localhost}, {@code 127.0.0.1} and {@value #EXTRA_NAME}. It answers every
 * request with {@code 200} and the body {@code secure <method> <target>}. Use it as a JUnit
 * extension in a static field (listening from before the first test to after the last). One made
 * with {@link #requiringClientCertificates} takes only clients that present a certificate its
 * client CA signed (mutual TLS), and names it in the header {@code X-Client-Certificate}.
 *
 * <pre>{@code
 * static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("Origin CA").build();
 * @RegisterExtension
 * static final HttpsOrigin origin = HttpsOrigin.extension(originCa);
 * ... origin.uri("localhost", "/hello") ...
 * }</pre>
 */
public final class HttpsOrigin implements BeforeAllCallback, AfterAllCallback {

  /** A name the origin's certificate carries besides localhost and 127.0.0.1. */
  public static final String EXTRA_NAME = "extra.origin.test";

  private final CertificateAuthority ca;
  private final CertificateAuthority clientCa;
  private HttpsServer server;
  private ExecutorService executor;

  private HttpsOrigin(CertificateAuthority ca, CertificateAuthority clientCa) {
    this.ca = ca;
    this.clientCa = clientCa;
  }

  /** An origin whose certificate {@code ca} signs, for a static {@code @RegisterExtension} field. */
  public static HttpsOrigin extension(CertificateAuthority ca) {
    return new HttpsOrigin(ca, null);
  }

  /**
   * An origin whose certificate {@code ca} signs and that requires a client certificate signed by
   * {@code clientCa}; a client without one fails the TLS handshake.
   */
  public static HttpsOrigin requiringClientCertificates(CertificateAuthority ca, CertificateAuthority clientCa) {
    return new HttpsOrigin(ca, clientCa);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    executor = Executors.newCachedThreadPool();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(clientCa == null
        ? new HttpsConfigurator(ca.serverSslContext("localhost", "127.0.0.1", EXTRA_NAME))
        : new MutualTls(mutualTlsContext()));
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The origin's port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://host:port} followed by {@code path}. */
  public URI uri(String host, String path) {
    return URI.create("https://" + host + ":" + port() + path);
  }

  private SSLContext mutualTlsContext() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {CertificateAuthority.keyManager(
              ca.issue(CertificateRequest.forNames("localhost", "127.0.0.1", EXTRA_NAME)))},
          new TrustManager[] {clientCa.trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** Asks every client for its certificate and refuses the handshake without one. */
  private static final class MutualTls extends HttpsConfigurator {
    MutualTls(SSLContext context) {
      super(context);
    }

    @Override
    public void configure(HttpsParameters params) {
      SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
      parameters.setNeedClientAuth(true);
      params.setSSLParameters(parameters);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    if (clientCa != null) {
      try {
        exchange.getResponseHeaders().add("X-Client-Certificate",
            ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
      } catch (SSLPeerUnverifiedException e) {
        exchange.getResponseHeaders().add("X-Client-Certificate", "none");
      }
    }
    String target = exchange.getRequestURI().toString();
    byte[] body = ("secure " + exchange.getRequestMethod() + " " + target).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

}
