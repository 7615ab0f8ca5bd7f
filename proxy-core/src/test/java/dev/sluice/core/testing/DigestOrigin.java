package dev.sluice.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An origin on 127.0.0.1 for large bodies that never holds one whole: it sends reproducible
 * pseudo-random bytes and digests what it receives.
 *
 * <ul>
 *   <li>{@code GET /bytes/N}: N bytes of {@link #bytes(long)}, with {@code Content-Length};</li>
 *   <li>{@code GET /bytes/N?chunked}: the same, chunked;</li>
 *   <li>anything else: the SHA-256 of the request body in hex, a space, and its length.</li>
 * </ul>
 *
 * <pre>{@code
 * try (DigestOrigin origin = DigestOrigin.start(null)) {
 *   client.send(HttpRequest.newBuilder(origin.uri("/bytes/1048576")).build(), ofInputStream());
 * }
 * }</pre>
 */
public final class DigestOrigin implements AutoCloseable {

  private static final int WRITE = 64 * 1024;
  private static final long SEED = 0x5105CEL;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final boolean tls;

  private DigestOrigin(CertificateAuthority ca) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (ca == null) {
      server = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(ca.serverSslContext("localhost", "127.0.0.1")));
      server = https;
    }
    tls = ca != null;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts an origin speaking HTTP, or HTTPS with a certificate from {@code ca} when given. */
  public static DigestOrigin start(CertificateAuthority ca) {
    try {
      return new DigestOrigin(ca);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port} (or {@code https://localhost:port}) followed by {@code path}. */
  public URI uri(String path) {
    return URI.create((tls ? "https://localhost:" : "http://127.0.0.1:") + server.getAddress().getPort() + path);
  }

  /** The reproducible bytes the origin sends: {@code length} pseudo-random bytes, whatever the read sizes. */
  public static InputStream bytes(long length) {
    Random random = new Random(SEED);
    return new InputStream() {
      private long left = length;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return random.nextInt(256);
      }

      @Override
      public int read(byte[] into, int from, int count) {
        int n = (int) Math.min(count, left);
        if (n == 0) {
          return count == 0 ? 0 : -1;
        }
        for (int i = from; i < from + n; i++) {
          into[i] = (byte) random.nextInt(256);
        }
        left -= n;
        return n;
      }
    };
  }

  /** The SHA-256 of what {@code in} yields, in hex, a space, and the number of bytes. */
  public static String digest(InputStream in) throws IOException {
    try (in) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[WRITE];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha.update(buffer, 0, n);
        total += n;
      }
      return HexFormat.of().formatHex(sha.digest()) + " " + total;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (path.startsWith("/bytes/")) {
      long length = Long.parseLong(path.substring("/bytes/".length()));
      boolean chunked = "chunked".equals(exchange.getRequestURI().getRawQuery());
      exchange.getRequestBody().close();
      exchange.sendResponseHeaders(200, chunked ? 0 : length);
      try (OutputStream out = exchange.getResponseBody()) {
        bytes(length).transferTo(out);
      }
    } else {
      byte[] answer = digest(exchange.getRequestBody()).getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
