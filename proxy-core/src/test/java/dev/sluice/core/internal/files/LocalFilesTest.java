package dev.sluice.core.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.internal.spec.PythonRegex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalFilesTest {

  @TempDir
  static Path temp;

  private static Path site;

  @BeforeAll
  static void makeTheSite() throws IOException {
    site = LocalFilesPropertyTest.makeSite(temp.toRealPath());
  }

  private static List<String> candidates(String url, String regex) {
    Matcher match = PythonRegex.compile(regex).pattern().matcher(url);
    assertThat(match.find()).as("the regex is found in the URL").isTrue();
    return LocalFiles.candidates(url, match);
  }

  /** mitmproxy's own table (test_maplocal.py), its paths relative to the directory. */
  static Stream<Arguments> mitmproxysCases() {
    return Stream.of(
        Arguments.of("https://example.com/foo", "example.com/foo", List.of("index.html")),
        Arguments.of("https://example.com/foo/", "example.com/foo", List.of("index.html")),
        Arguments.of("http://example.com/foo/bar.jpg", "example.com/foo", List.of("bar.jpg", "bar.jpg/index.html")),
        Arguments.of("https://example.com/foo/bar.jpg?query", "example.com/foo", List.of("bar.jpg", "bar.jpg/index.html")),
        Arguments.of("https://example.com/foo/bar/baz.jpg", "example.com/foo",
            List.of("bar/baz.jpg", "bar/baz.jpg/index.html")),
        Arguments.of("https://example.com/foo/bar.jpg", "/foo/bar.jpg", List.of("index.html")),
        Arguments.of("http://example.com/foo%20bar.jpg", "example.com",
            List.of("foo bar.jpg", "foo bar.jpg/index.html", "foo_bar.jpg", "foo_bar.jpg/index.html")),
        Arguments.of("http://example.com/f\u00f3ob\u00e5r.jpg", "example.com",
            List.of("f\u00f3ob\u00e5r.jpg", "f\u00f3ob\u00e5r.jpg/index.html", "f_ob_r.jpg", "f_ob_r.jpg/index.html")),
        Arguments.of("https://example.com/foo/bar", "example.com/foo", List.of("bar", "bar/index.html")),
        Arguments.of("https://example.com/foo/bar/", "example.com/foo", List.of("bar", "bar/index.html")),
        Arguments.of("https://example/view.php?f=foo.jpg", "example/view.php\\?f=(.+)", List.of("foo.jpg", "foo.jpg/index.html")),
        Arguments.of("https://example/results?id=1&foo=2", "example/(results\\?id=.+)", List.of("results?id=1&foo=2",
            "results?id=1&foo=2/index.html", "results_id=1_foo=2", "results_id=1_foo=2/index.html")),
        Arguments.of("https://example.com/../../../../../../etc/passwd", "example.com", List.of()),
        Arguments.of("https://example.com/C:\\foo.txt", "example.com",
            List.of("C:\\foo.txt", "C:\\foo.txt/index.html", "C__foo.txt", "C__foo.txt/index.html")),
        Arguments.of("https://example.com//etc/passwd", "example.com", List.of("etc/passwd", "etc/passwd/index.html")));
  }

  @ParameterizedTest
  @MethodSource("mitmproxysCases")
  void theCandidatesAreMitmproxys(String url, String regex, List<String> expected) {
    assertThat(candidates(url, regex)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("encodedCases")
  void encodedSlashesAreSlashesAndEncodedDotsCannotClimb(String url, List<String> expected) {
    assertThat(candidates(url, "example\\.com")).isEqualTo(expected);
  }

  static Stream<Arguments> encodedCases() {
    return Stream.of(
        Arguments.of("https://example.com/a%2Fb.txt", List.of("a/b.txt", "a/b.txt/index.html")),
        Arguments.of("https://example.com/%2e%2e%2fetc%2fpasswd", List.of()),
        Arguments.of("https://example.com/a/%2E%2E/%2E%2E/x", List.of()),
        Arguments.of("https://example.com/a/..%2f..%2fx", List.of()),
        Arguments.of("https://example.com/./a/./b", List.of("a/b", "a/b/index.html")),
        Arguments.of("https://example.com/%zz", List.of("%zz", "%zz/index.html", "_zz", "_zz/index.html")));
  }

  @ParameterizedTest
  @MethodSource("groupCases")
  void aGroupStartingWithASlashStaysInTheDirectory(String url, List<String> expected) {
    assertThat(candidates(url, "//example\\.com(/.*)")).isEqualTo(expected);
  }

  static Stream<Arguments> groupCases() {
    return Stream.of(
        Arguments.of("https://example.com/x.txt", List.of("x.txt", "x.txt/index.html")),
        Arguments.of("https://example.com/", List.of("index.html")));
  }

  @ParameterizedTest
  @MethodSource("servedCases")
  void filesInsideAreFoundAndLinksOutAreNot(String relative, String expected) {
    Optional<Path> found = LocalFiles.inside(site, relative);
    assertThat(found.map(path -> site.relativize(path).toString())).isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> servedCases() {
    return Stream.of(
        Arguments.of("a.txt", "a.txt"),
        Arguments.of("dir/index.html", "dir/index.html"),
        Arguments.of("dir", null),
        Arguments.of("missing.txt", null),
        Arguments.of("link-out.txt", null),
        Arguments.of("dir-out/secret.txt", null),
        Arguments.of("link-in.txt", "dir/b.txt"),
        Arguments.of("bad\0name", null));
  }

  @ParameterizedTest
  @MethodSource("contentTypes")
  void contentTypesComeFromTheFileName(String name, String expected) {
    assertThat(ContentTypes.of(name)).isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> contentTypes() {
    return Stream.of(
        Arguments.of("index.html", "text/html"),
        Arguments.of("app.js", "text/javascript"),
        Arguments.of("app.mjs", "text/javascript"),
        Arguments.of("data.json", "application/json"),
        Arguments.of("style.CSS", "text/css"),
        Arguments.of("logo.svg", "image/svg+xml"),
        Arguments.of("font.woff2", "font/woff2"),
        Arguments.of("favicon.ico", "image/vnd.microsoft.icon"),
        Arguments.of("README", null));
  }
}
