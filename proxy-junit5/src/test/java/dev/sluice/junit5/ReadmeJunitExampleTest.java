package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keeps the README's JUnit example and client recipes compiling and passing: the code between the
 * markers is what the README shows, checked word for word.
 */
class ReadmeJunitExampleTest {

  // README junit start
  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.hook(FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "hello")))))
      .build();

  @Test
  void requestsGoThroughTheProxyOverHttps(TestProxy proxy, HttpClient client) throws Exception {
    var reply = client.send(HttpRequest.newBuilder(URI.create("https://api.example.com/hi")).build(), BodyHandlers.ofString());
    assertThat(reply.body()).isEqualTo("hello");
    assertThat(proxy.takeFlow().request().url()).isEqualTo("https://api.example.com/hi");
  }
  // README junit end

  @Test
  void theReadmeShowsTheJunitExampleAndTheClientRecipesUnchanged() throws IOException {
    String readme = normalise(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8));

    for (String[] snippet : new String[][] {
        {"ReadmeJunitExampleTest.java", "junit"}, {"ProxyClientsTest.java", "okhttp"}, {"ProxyClientsTest.java", "apache"}}) {
      assertThat(readme.contains(snippet(snippet[0], snippet[1])))
          .as("README.md shows the %s snippet of %s word for word", snippet[1], snippet[0]).isTrue();
    }
  }

  private static String snippet(String file, String name) throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/sluice/junit5", file), StandardCharsets.UTF_8);
    String start = "// README " + name + " start";
    String end = "// README " + name + " end";
    return normalise(source.substring(source.indexOf(start) + start.length(), source.indexOf(end)));
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
