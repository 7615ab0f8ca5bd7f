package dev.sluice.bench;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.core.ProxyServer;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Responses per second through the proxy, from a real origin on loopback ({@code live}) against
 * the same responses replayed from a 10 000-flow recording with the origin never contacted
 * ({@code replay}). 1 KiB bodies, keep-alive, two client threads. The forked JVM turns on
 * TCP_NODELAY in the JDK's HTTP server, the origin here: without it, Nagle's algorithm and delayed
 * ACKs hold every live response for 40 ms.
 * Run: {@code java -jar proxy-bench/target/benchmarks.jar ReplayVersusLive}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@Threads(2)
@State(Scope.Benchmark)
public class ReplayVersusLiveBenchmark {

  private static final int RECORDED = 10_000;
  private static final byte[] BODY = new byte[1024];

  @Param({"live", "replay"})
  public String source;

  private HttpServer origin;
  private ExecutorService originThreads;
  private ProxyServer proxy;
  private HttpClient client;
  private String base;

  @Setup
  public void setUp() throws IOException {
    Arrays.fill(BODY, (byte) 'x');
    originThreads = Executors.newFixedThreadPool(2);
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.setExecutor(originThreads);
    origin.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    });
    origin.start();
    base = "http://127.0.0.1:" + origin.getAddress().getPort();
    ProxyServer.Builder builder = ProxyServer.builder();
    if (source.equals("replay")) {
      builder.hook(ServerReplay.of(recording(origin.getAddress().getPort()), ServerReplayOptions.builder().reuse(true).build()));
    }
    proxy = builder.start();
    client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address())).version(HttpClient.Version.HTTP_1_1).build();
  }

  @TearDown
  public void tearDown() {
    proxy.close();
    origin.stop(0);
    originThreads.shutdownNow();
  }

  @Benchmark
  public int get() throws IOException, InterruptedException {
    int item = ThreadLocalRandom.current().nextInt(RECORDED);
    return client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/item/" + item)).build(),
        BodyHandlers.ofByteArray()).body().length;
  }

  private static List<Flow> recording(int port) {
    ClientConnection client = ClientConnection.of(new InetSocketAddress("127.0.0.1", 40000),
        new InetSocketAddress("127.0.0.1", 8080));
    List<Flow> flows = new ArrayList<>(RECORDED);
    for (int i = 0; i < RECORDED; i++) {
      flows.add(Flow.builder().client(client)
          .request(Request.builder().url("http://127.0.0.1:" + port + "/item/" + i).header("Host", "127.0.0.1:" + port).build())
          .response(Response.builder().status(200).header("Content-Length", Integer.toString(BODY.length)).content(BODY).build())
          .build());
    }
    return flows;
  }
}
