package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's hook unit test compiling and passing: the part below is the README's snippet. */
class ReadmeHookTestExampleTest {

  // README example start
  /** The hook under test: answers health checks itself, lets everything else through. */
  static final FlowHook HEALTH = FlowHook.onRequest(flow -> {
    if (flow.request().path().equals("/health")) {
      flow.respond(Response.of(200, "text/plain", "ok"));
    }
  });

  @Test
  void answersHealthChecksAndLetsTheRestThrough() {
    HttpFlow health = TestFlows.exchange(HEALTH, TestFlows.get("http://api.test/health"), Response.of(500));
    HttpFlow orders = TestFlows.exchange(HEALTH, TestFlows.get("http://api.test/orders"), Response.of(204));

    assertThat(health.response().text()).isEqualTo("ok");
    assertThat(health.response().source()).isEqualTo(ResponseSource.HOOK);
    assertThat(orders.response().statusCode()).isEqualTo(204);
  }
  // README example end

  @Test
  void theReadmeShowsExactlyThisExample() throws IOException {
    Path module = Path.of(System.getProperty("user.dir"));
    String readme = Files.readString(module.getParent().resolve("README.md"), StandardCharsets.UTF_8);
    String source = Files.readString(module.resolve("src/test/java/dev/sluice/testing/ReadmeHookTestExampleTest.java"),
        StandardCharsets.UTF_8);
    String example = source.substring(source.indexOf("// README example start") + "// README example start".length(),
        source.indexOf("  // README example end"));

    assertThat(normalise(readme)).contains(normalise(example));
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
