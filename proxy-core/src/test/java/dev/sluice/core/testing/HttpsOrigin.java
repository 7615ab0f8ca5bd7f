package dev.sluice.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTPS origin on 127.0.0.1 and a free port, for tests, presenting a certificate from its
 * own CA for {@code localhost}, {@code 127.0.0.1} and {@value #EXTRA_NAME}. It answers every
 * request with {@code 200} and the body {@code secure <method> <target>}, and records the targets.
 *
 * <pre>{@code
 * CertificateAuthority originCa = CertificateAuthority.builder().commonName("Origin CA").build();
 * try (HttpsOrigin origin = HttpsOrigin.start(originCa)) {
 *   ... origin.uri("localhost", "/hello") ...
 * }
 * }</pre>
 */
public final class HttpsOrigin implements AutoCloseable {

  /** A name the origin's certificate carries besides localhost and 127.0.0.1. */
  public static final String EXTRA_NAME = "extra.origin.test";

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<String> targets = new LinkedBlockingQueue<>();

  private HttpsOrigin(CertificateAuthority ca) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ca.serverSslContext("localhost", "127.0.0.1", EXTRA_NAME)));
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts an origin whose certificate {@code ca} signed. */
  public static HttpsOrigin start(CertificateAuthority ca) {
    try {
      return new HttpsOrigin(ca);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The origin's port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://host:port} followed by {@code path}. */
  public URI uri(String host, String path) {
    return URI.create("https://" + host + ":" + port() + path);
  }

  /** The request-target of the next request the origin saw, waiting up to 5 seconds. */
  public String take() {
    try {
      String next = targets.poll(5, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("the HTTPS origin saw no request within 5 s");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Forgets the requests seen so far (for an origin shared by several tests). */
  public void clear() {
    targets.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    String target = exchange.getRequestURI().toString();
    targets.add(target);
    byte[] body = ("secure " + exchange.getRequestMethod() + " " + target).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
