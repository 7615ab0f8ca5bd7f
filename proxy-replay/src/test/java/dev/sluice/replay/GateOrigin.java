package dev.sluice.replay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP origin on 127.0.0.1 that holds every request at a gate: it answers {@code 200 together}
 * once {@code parties} requests have arrived, or {@code 503 alone} when they have not within 10
 * seconds. It records the paths in arrival order.
 *
 * <pre>{@code
 * try (GateOrigin origin = GateOrigin.start(3)) { ... origin.url("/a") ... }
 * }</pre>
 */
final class GateOrigin implements AutoCloseable {

  private final CountDownLatch gate;
  private final CountDownLatch firstArrived = new CountDownLatch(1);
  private final List<String> arrivals = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private GateOrigin(int parties) throws IOException {
    this.gate = new CountDownLatch(parties);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** An origin whose gate opens when {@code parties} requests have arrived. */
  static GateOrigin start(int parties) throws IOException {
    return new GateOrigin(parties);
  }

  /** {@code http://127.0.0.1:port/path}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The paths that arrived, in order. */
  List<String> arrivals() {
    return List.copyOf(arrivals);
  }

  /** Waits until the first request has arrived. */
  boolean awaitFirst() throws InterruptedException {
    return firstArrived.await(10, TimeUnit.SECONDS);
  }

  /** Opens the gate for every request, whoever has arrived. */
  void open() {
    while (gate.getCount() > 0) {
      gate.countDown();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    arrivals.add(exchange.getRequestURI().toString());
    exchange.getRequestBody().readAllBytes();
    firstArrived.countDown();
    gate.countDown();
    boolean together;
    try {
      together = gate.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      together = false;
    }
    byte[] body = (together ? "together" : "alone").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(together ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    open();
    server.stop(0);
    executor.shutdownNow();
  }
}
