package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.HttpFlow;
import dev.sluice.core.ProxyServer;
import dev.sluice.testing.TestFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapLocalTest {

  @TempDir
  Path dir;

  private static HttpFlow request(MapLocal hook, String url) {
    HttpFlow flow = TestFlows.get(url);
    hook.request(flow);
    return flow;
  }

  @Test
  void aDirectoryServesTheFileTheRestOfTheUrlNamesWithItsContentType() throws Exception {
    Files.writeString(dir.resolve("foo.jpg"), "foo");
    Files.createDirectories(dir.resolve("images"));
    Files.writeString(dir.resolve("images/bar.jpg"), "bar");

    HttpFlow foo = request(MapLocal.of("|//example.org/images|" + dir), "https://example.org/images/foo.jpg");
    HttpFlow bar = request(MapLocal.of("|//example.org|" + dir), "https://example.org/images/bar.jpg?size=2");

    assertThat(foo.response().statusCode()).isEqualTo(200);
    assertThat(foo.response().text()).isEqualTo("foo");
    assertThat(foo.response().headers().get("Content-Type")).isEqualTo("image/jpeg");
    assertThat(foo.response().headers().get("Content-Length")).isEqualTo("3");
    assertThat(bar.response().text()).isEqualTo("bar");
  }

  @Test
  void aFileAnswersEveryRequestTheSpecMatches() throws Exception {
    Path file = Files.writeString(dir.resolve("foofoobar.jpg"), "foofoobar");

    HttpFlow flow = request(MapLocal.of("|example.org/foo/foo/bar.jpg|" + file), "https://example.org/foo/foo/bar.jpg");

    assertThat(flow.response().text()).isEqualTo("foofoobar");
  }

  @Test
  void aDirectoryNamedByTheUrlServesItsIndexAndNoHeaderIsGuessedForAnUnknownName() throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/index.html"), "<h1>docs</h1>");
    Files.writeString(dir.resolve("index.html"), "<h1>home</h1>");
    Files.writeString(dir.resolve("LICENSE"), "MIT");
    MapLocal hook = MapLocal.of("|//example.org/|" + dir);

    assertThat(request(hook, "http://example.org/docs/").response().text()).isEqualTo("<h1>docs</h1>");
    assertThat(request(hook, "http://example.org/").response().text()).isEqualTo("<h1>home</h1>");
    assertThat(request(hook, "http://example.org/docs").response().headers().get("Content-Type")).isEqualTo("text/html");
    assertThat(request(hook, "http://example.org/LICENSE").response().headers().contains("Content-Type")).isFalse();
  }

  @Test
  void whatIsNotThereIs404AndWhatTheSpecsDoNotMatchGoesUpstream() {
    MapLocal hook = MapLocal.of("|example.org/css|" + dir);

    HttpFlow missing = request(hook, "https://example.org/css/nonexistent");
    HttpFlow elsewhere = request(hook, "https://example.org/js/app.js");

    assertThat(missing.response().statusCode()).isEqualTo(404);
    assertThat(missing.response().content()).isEmpty();
    assertThat(elsewhere.hasResponse()).isFalse();
  }

  @Test
  void theFirstSpecWithTheFileAnswersAndTheFilterMustMatch() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("a.txt"), "from full");

    HttpFlow flow = request(MapLocal.of("|//example.org/|" + empty, "|//example.org/|" + full), "http://example.org/a.txt");
    HttpFlow post = TestFlows.post("http://example.org/a.txt", "text/plain", "x");
    MapLocal.of("|~m GET|//example.org/|" + full).request(post);

    assertThat(flow.response().text()).isEqualTo("from full");
    assertThat(post.hasResponse()).isFalse();
  }

  @Test
  void nothingOutsideTheDirectoryIsServed() throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(site.resolve("link.txt"), secret);
    MapLocal hook = MapLocal.of("|//example.org/|" + site);

    for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/link.txt"}) {
      HttpFlow flow = request(hook, "http://example.org" + path);
      assertThat(flow.response().statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void killedAndAnsweredFlowsAreLeftAlone() throws Exception {
    Path file = Files.writeString(dir.resolve("foo.jpg"), "foo");
    HttpFlow killed = TestFlows.get("https://example.org/images/foo.jpg");
    killed.kill();

    MapLocal.of("|//example.org/images|" + file).request(killed);

    assertThat(killed.hasResponse()).isFalse();
  }

  @Test
  void badSpecsAreRefusedNamingThem() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> MapLocal.of("|//example.org/|" + missing))
        .hasMessage("spec \"|//example.org/|" + missing + "\": no such file or directory: " + missing);
    assertThatThrownBy(() -> MapLocal.of("/foo/+/" + dir)).hasMessageStartingWith("spec \"/foo/+/" + dir + "\": invalid regex \"+\"");
    assertThatThrownBy(() -> MapLocal.of("/foo/.+/three")).hasMessageContaining("no such file or directory: three");
    assertThatThrownBy(() -> MapLocal.of("/only")).hasMessageContaining("expected 2 or 3 parts");
  }

  @Test
  void theOptionChecksEachSpecAsItIsSet() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> ProxyServer.builder().option("map_local", "|x|" + missing))
        .hasMessage("map_local: spec \"|x|" + missing + "\": no such file or directory: " + missing);
    assertThat(ProxyServer.builder().mapLocal("|a|" + dir).get(MapLocal.MAP_LOCAL)).containsExactly("|a|" + dir);
  }
}
