package dev.sluice.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTPS origin on 127.0.0.1 and a free port, for tests, presenting a certificate from its
 * own CA for {@code localhost}, {@code 127.0.0.1} and {@value #EXTRA_NAME}. It answers every
 * request with {@code 200} and the body {@code secure <method> <target>}. Use it as a JUnit
 * extension in a static field (listening from before the first test to after the last).
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
  private HttpsServer server;
  private ExecutorService executor;

  private HttpsOrigin(CertificateAuthority ca) {
    this.ca = ca;
  }

  /** An origin whose certificate {@code ca} signs, for a static {@code @RegisterExtension} field. */
  public static HttpsOrigin extension(CertificateAuthority ca) {
    return new HttpsOrigin(ca);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    executor = Executors.newCachedThreadPool();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ca.serverSslContext("localhost", "127.0.0.1", EXTRA_NAME)));
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

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
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
