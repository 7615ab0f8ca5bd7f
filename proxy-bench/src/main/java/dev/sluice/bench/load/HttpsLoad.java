package dev.sluice.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The HTTPS load client of {@code proxy-bench/run.sh}: {@code concurrency} threads request one
 * path for {@code warmup} plus {@code seconds} seconds; the requests that complete in the last
 * {@code seconds} are counted, and the result, one line of
 * {@code requests_per_second p50_ms p99_ms errors}, is written to {@code out}.
 *
 * <p>{@code mode=keepalive} uses the JDK {@link HttpClient} (HTTP/1.1, one pooled connection per
 * thread, so through a proxy one {@code CONNECT} tunnel each). {@code mode=fresh} opens a new
 * connection, {@code CONNECT} and full TLS handshake for every request, cycling over the
 * origins {@code 127.0.0.1} to {@code 127.0.0.<hosts>}: distinct hosts (a proxy mints one
 * certificate per host) that are all loopback and need no name resolution.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.sluice.bench.load.HttpsLoad mode=keepalive proxy=127.0.0.1:8080 \
 *     port=8443 path=/1k trust=ca.pem concurrency=32 seconds=5 warmup=2 out=result.txt
 * }</pre>
 */
public final class HttpsLoad {

  private final Map<String, String> options;
  private final int concurrency;
  private final long warmupNanos;
  private final long measureNanos;

  private HttpsLoad(Map<String, String> options) {
    this.options = options;
    this.concurrency = Integer.parseInt(option("concurrency", "32"));
    this.warmupNanos = (long) (Double.parseDouble(option("warmup", "2")) * 1e9);
    this.measureNanos = (long) (Double.parseDouble(option("seconds", "5")) * 1e9);
  }

  /** Runs the load described by {@code name=value} arguments (see the class comment). */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("argument " + arg + " is not name=value");
      }
      options.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    if (!Boolean.parseBoolean(options.getOrDefault("verify_hostname", "true"))) {
      System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    }
    new HttpsLoad(options).run();
  }

  private void run() throws Exception {
    Request request = request();
    List<Latencies> perThread = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Latencies latencies = new Latencies();
      perThread.add(latencies);
      int first = t;
      Thread thread = new Thread(() -> {
        for (int i = first; ; i += concurrency) {
          long before = System.nanoTime();
          if (before >= end) {
            return;
          }
          try {
            request.send(i);
            long after = System.nanoTime();
            if (after >= measureFrom && after <= end) {
              latencies.add(after - before);
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, "load-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Latencies all = Latencies.merge(perThread);
    String line = String.format(Locale.ROOT, "%.1f %.3f %.3f %d%n", all.count() / (measureNanos / 1e9),
        all.percentile(50) / 1e6, all.percentile(99) / 1e6, errors.get());
    Files.writeString(Path.of(option("out", null)), line, StandardCharsets.US_ASCII);
  }

  private Request request() throws IOException, GeneralSecurityException {
    SSLContext context = TrustedCertificates.context(Path.of(option("trust", null)));
    InetSocketAddress proxy = address(options.get("proxy"));
    int port = Integer.parseInt(option("port", null));
    String path = option("path", "/1k");
    int hosts = Integer.parseInt(option("hosts", "50"));
    switch (option("mode", "keepalive")) {
      case "keepalive": {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
            .proxy(proxy == null ? HttpClient.Builder.NO_PROXY : ProxySelector.of(proxy)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).build();
        return i -> {
          int status = client.send(get, BodyHandlers.discarding()).statusCode();
          if (status != 200) {
            throw new IOException("GET " + get.uri() + " answered " + status);
          }
        };
      }
      case "fresh": {
        FreshTlsExchange exchange = new FreshTlsExchange(context, proxy,
            Boolean.parseBoolean(option("verify_hostname", "true")));
        return i -> exchange.get("127.0.0." + (1 + i % hosts), port, path);
      }
      default:
        throw new IllegalArgumentException("mode must be keepalive or fresh: " + options.get("mode"));
    }
  }

  private String option(String name, String fallback) {
    String value = options.getOrDefault(name, fallback);
    if (value == null) {
      throw new IllegalArgumentException("missing argument " + name + "=...");
    }
    return value;
  }

  private static InetSocketAddress address(String hostPort) {
    if (hostPort == null || hostPort.isEmpty()) {
      return null;
    }
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /** One request of the load; {@code i} numbers it. */
  private interface Request {
    void send(int i) throws IOException, InterruptedException;
  }
}
