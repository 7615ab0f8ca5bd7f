package dev.sluice.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP origin on 127.0.0.1 and a free port, for tests: it echoes each request and records
 * what it saw. Use it as a JUnit extension in a static field (started once per class, its record
 * cleared before each test, stopped after the class), or start and close it yourself.
 *
 * <ul>
 *   <li>{@code /status/NNN}: an empty response with status NNN;</li>
 *   <li>{@code /chunked}: {@code first-second}, sent chunked in two writes;</li>
 *   <li>{@code /size/N}: N bytes of {@code x};</li>
 *   <li>{@code /cookie/NAME=VALUE}: an empty 200 that sets the cookie with {@code Path=/};</li>
 *   <li>anything else: 200 with the request body as body, and the method and request-target in
 *       {@code X-Echo-Method} and {@code X-Echo-Target}.</li>
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EchoOrigin origin = EchoOrigin.extension();
 *
 * @Test void forwards() {
 *   client.send(HttpRequest.newBuilder(origin.uri("/hello")).build(), ofString());
 *   assertThat(origin.take().method()).isEqualTo("GET");
 * }
 * }</pre>
 */
public final class EchoOrigin implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  /**
   * One request as the origin saw it.
   *
   * @param method the method
   * @param target the request-target
   * @param headers the header fields (names as the JDK server normalises them)
   * @param body the body
   * @param remote the proxy's end of the connection it came on
   * @param sni the server name the TLS client asked for, or null (plain HTTP, or none sent)
   */
  public record Seen(String method, String target, Map<String, List<String>> headers, byte[] body,
      InetSocketAddress remote, String sni) {

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }

    /** The body as UTF-8. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final List<Seen> all = new ArrayList<>();
  private final CertificateAuthority tlsCa;
  private final String[] tlsNames;
  private HttpServer server;
  private ExecutorService executor;

  private EchoOrigin(CertificateAuthority tlsCa, String... tlsNames) {
    this.tlsCa = tlsCa;
    this.tlsNames = tlsNames;
  }

  /** Starts an origin on 127.0.0.1 and a free port. */
  public static EchoOrigin start() {
    EchoOrigin origin = new EchoOrigin(null);
    origin.listen();
    return origin;
  }

  /** An origin for a static {@code @RegisterExtension} field: it listens from before the first test to after the last. */
  public static EchoOrigin extension() {
    return new EchoOrigin(null);
  }

  /** Like {@link #extension()}, but speaking HTTPS with a certificate from {@code ca} for localhost and 127.0.0.1. */
  public static EchoOrigin httpsExtension(CertificateAuthority ca) {
    return new EchoOrigin(ca, "localhost", "127.0.0.1");
  }

  /** Like {@link #httpsExtension(CertificateAuthority)}, with a certificate for {@code names} instead. */
  public static EchoOrigin httpsExtension(CertificateAuthority ca, String... names) {
    return new EchoOrigin(ca, names);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    listen();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void listen() {
    try {
      executor = Executors.newCachedThreadPool();
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (tlsCa == null) {
        server = HttpServer.create(address, 0);
      } else {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tlsCa.serverSslContext(tlsNames)));
        server = https;
      }
      server.createContext("/", this::handle);
      server.setExecutor(executor);
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The origin's port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:port} (or {@code https://localhost:port}) followed by {@code path}. */
  public URI uri(String path) {
    return URI.create((tlsCa == null ? "http://127.0.0.1:" : "https://localhost:") + port() + path);
  }

  /** {@code http(s)://host:port} followed by {@code path}: the origin under another name (a remapped host, say). */
  public URI uri(String host, String path) {
    return URI.create((tlsCa == null ? "http://" : "https://") + host + ":" + port() + path);
  }

  /** The next request the origin saw, waiting up to 5 seconds. */
  public Seen take() {
    try {
      Seen next = seen.poll(5, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("the origin saw no request within 5 s");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Forgets every request seen so far (for an origin shared by several tests). */
  public synchronized void reset() {
    all.clear();
    seen.clear();
  }

  /** Every request seen so far. */
  public synchronized List<Seen> all() {
    return List.copyOf(all);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String path = exchange.getRequestURI().getRawPath();
    Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        Map.copyOf(exchange.getRequestHeaders()), body, exchange.getRemoteAddress(), sni(exchange));
    synchronized (this) {
      all.add(request);
    }
    seen.add(request);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    if (path.startsWith("/status/")) {
      exchange.sendResponseHeaders(Integer.parseInt(path.substring("/status/".length())), -1);
    } else if (path.equals("/chunked")) {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("first-".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        out.write("second".getBytes(StandardCharsets.US_ASCII));
      }
    } else if (path.startsWith("/cookie/")) {
      exchange.getResponseHeaders().add("Set-Cookie", path.substring("/cookie/".length()) + "; Path=/");
      exchange.sendResponseHeaders(200, -1);
    } else if (path.startsWith("/size/")) {
      byte[] data = new byte[Integer.parseInt(path.substring("/size/".length()))];
      Arrays.fill(data, (byte) 'x');
      send(exchange, data, head);
    } else {
      exchange.getResponseHeaders().add("X-Echo-Method", exchange.getRequestMethod());
      exchange.getResponseHeaders().add("X-Echo-Target", exchange.getRequestURI().toString());
      exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      send(exchange, body, head);
    }
    exchange.close();
  }

  /** The SNI of an HTTPS exchange, or null. */
  private static String sni(HttpExchange exchange) {
    if (exchange instanceof HttpsExchange https && https.getSSLSession() instanceof ExtendedSSLSession session) {
      return session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
          .map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse(null);
    }
    return null;
  }

  private static void send(HttpExchange exchange, byte[] body, boolean head) throws IOException {
    if (head) {
      exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
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
