package dev.sluice.core.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.internal.spec.PythonRegex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever a URL holds, {@code map_local}'s resolution never finds a file outside its directory. */
class LocalFilesPropertyTest {

  private static Path temp;
  private static Path site;

  /**
   * A site under {@code temp}: {@code site/a.txt}, {@code site/dir/index.html}, {@code site/dir/b.txt},
   * links out of it ({@code link-out.txt}, {@code dir-out}) to {@code outside/secret.txt} and
   * {@code outside}, and one inside ({@code link-in.txt} to {@code dir/b.txt}). Returns the site.
   */
  static Path makeSite(Path temp) throws IOException {
    Path site = Files.createDirectories(temp.resolve("site"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(site.resolve("a.txt"), "a");
    Files.createDirectories(site.resolve("dir"));
    Files.writeString(site.resolve("dir/index.html"), "index");
    Files.writeString(site.resolve("dir/b.txt"), "b");
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(site.resolve("link-out.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(site.resolve("dir-out"), outside);
    Files.createSymbolicLink(site.resolve("link-in.txt"), site.resolve("dir/b.txt"));
    return site;
  }

  @BeforeContainer
  static void makeTheSite() throws IOException {
    temp = Files.createTempDirectory("sluice-map-local").toRealPath();
    site = makeSite(temp);
  }

  @AfterContainer
  static void removeTheSite() throws IOException {
    try (Stream<Path> paths = Files.walk(temp)) {
      for (Path path : paths.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Property(tries = 500)
  void whateverTheUrlNoFileOutsideTheDirectoryIsEverFound(@ForAll("paths") String path) {
    String url = "https://example.com/" + path;
    Matcher match = PythonRegex.compile("example\\.com").pattern().matcher(url);
    assertThat(match.find()).isTrue();

    for (String candidate : LocalFiles.candidates(url, match)) {
      assertThat(candidate).doesNotStartWith("/");
      assertThat(List.of(candidate.split("/"))).doesNotContain("..", ".", "");
      Optional<Path> file = LocalFiles.inside(site, candidate);
      file.ifPresent(found -> assertThat(found).startsWith(site).isRegularFile());
    }
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of("..", ".", "", "%2e%2e", "%2E%2e", ".%2e", "%2f", "%2F", "%5c", "\\",
        "a.txt", "dir", "b.txt", "link-out.txt", "dir-out", "secret.txt", "link-in.txt", "%00", "?", "%3f", "x",
        "..%2f..", "%2e%2e%2f");
    return segment.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("/", parts));
  }
}
