package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.api.FlowHook;
import dev.sluice.core.hooks.Anticache;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Keeps the README's embedding example compiling and working: the method below is the README's snippet. */
class ReadmeExampleTest {

  // README example start
  static List<Integer> proxiedStatuses(URI origin) throws Exception {
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = ProxyServer.builder()       // 127.0.0.1, a free port
        .hook(new Anticache())
        .hook(FlowHook.onRequest(flow -> flow.request().headers().set("X-Test", "1")))
        .hook(FlowHook.onResponse(flow -> statuses.add(flow.response().statusCode())))
        .start()) {
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address())).build();
      client.send(HttpRequest.newBuilder(origin).build(), BodyHandlers.ofString());
    }
    return statuses;
  }
  // README example end

  @Test
  void theReadmeExampleProxiesARequestThroughItsHooks() throws Exception {
    AtomicReference<String> seenHeader = new AtomicReference<>();
    HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", exchange -> {
      seenHeader.set(exchange.getRequestHeaders().getFirst("X-Test"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    origin.start();
    try {
      List<Integer> statuses = proxiedStatuses(URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/"));

      assertThat(statuses).containsExactly(204);
      assertThat(seenHeader.get()).isEqualTo("1");
    } finally {
      origin.stop(0);
    }
  }

  @Test
  void theReadmeShowsExactlyThisExample() throws IOException {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    String source = Files.readString(Path.of(System.getProperty("user.dir"),
        "src/test/java/dev/sluice/core/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
    String example = source.substring(source.indexOf("// README example start") + "// README example start".length(),
        source.indexOf("  // README example end"));

    assertThat(normalise(readme)).contains(normalise(example));
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
