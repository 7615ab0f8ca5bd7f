package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body larger than the proxy's heap, for real: the command line runs in a child JVM with a
 * {@value #HEAP} heap and takes in a response body four times that (bodies are held whole unless
 * streamed). The flow fails with a 502 that says why and what to do, and the proxy goes on.
 */
class OutOfMemoryTest {

  private static final String HEAP = "64m";
  private static final int BIG = 256 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path confdir;

  private HttpServer origin;

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/big", exchange -> {
      exchange.sendResponseHeaders(200, BIG);
      byte[] piece = new byte[1 << 20];
      try (OutputStream body = exchange.getResponseBody()) {
        for (int sent = 0; sent < BIG; sent += piece.length) {
          body.write(piece);
        }
      } catch (IOException proxyHungUp) {
        // the proxy gave up on the body: that is the point
      }
    });
    origin.createContext("/small", TextAnswer.of("ok"));
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  @Test
  void aResponseBodyTheHeapCannotHoldIsA502SayingSoAndTheProxyGoesOn() throws Exception {
    try (ChildCli cli = ChildCli.start(List.of(), List.of("-Xmx" + HEAP), line -> { },
        "-q", "-p", "0", "--set", "confdir=" + confdir)) {
      InetSocketAddress proxy = cli.awaitListening(TIMEOUT);
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy)).build();
      String base = "http://127.0.0.1:" + origin.getAddress().getPort();

      HttpResponse<String> big = client.send(HttpRequest.newBuilder(URI.create(base + "/big")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(big.statusCode()).isEqualTo(502);
      assertThat(big.body()).contains("response body from 127.0.0.1:" + origin.getAddress().getPort()
          + " does not fit in the proxy's memory").contains("stream_large_bodies").contains("SLUICE_JAVA_OPTS");
      HttpResponse<String> small = client.send(HttpRequest.newBuilder(URI.create(base + "/small")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(small.body()).isEqualTo("ok");
    }
  }
}
