package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRequestTest {

  @Test
  void builderDefaultsToGetOfLocalhost() {
    HttpRequest request = Request.builder().build();

    assertThat(request).hasToString("GET http://localhost/ HTTP/1.1");
    assertThat(request.authority()).isEmpty();
    assertThat(request.headers().isEmpty()).isTrue();
    assertThat(request.rawContentLength()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "http://example.com,                  http, example.com, 80,   /,            http://example.com/",
      "https://example.com:443/a?b=c%2Fd,   https, example.com, 443, /a?b=c%2Fd,   https://example.com/a?b=c%2Fd",
      "http://example.com:8080/x,           http, example.com, 8080, /x,           http://example.com:8080/x",
      "https://example.com:80/,             https, example.com, 80,  /,            https://example.com:80/",
      "HTTP://Example.com/,                 http, Example.com, 80,   /,            http://Example.com/",
      "http://[::1]:8080/p,                 http, ::1,         8080, /p,           http://[::1]:8080/p",
      "https://[2001:db8::1]/,              https, 2001:db8::1, 443, /,            https://[2001:db8::1]/",
  })
  void urlSetsSchemeHostPortAndPathAndPrintsWithoutDefaultPorts(String url, String scheme, String host, int port,
      String path, String printed) {
    HttpRequest request = Request.builder().url(url).build();

    assertThat(request.scheme()).isEqualTo(scheme);
    assertThat(request.host()).isEqualTo(host);
    assertThat(request.port()).isEqualTo(port);
    assertThat(request.path()).isEqualTo(path);
    assertThat(request.url()).isEqualTo(printed);
  }

  @ParameterizedTest(name = "Host: {1}")
  @CsvSource({
      "http,  example.com,        example.com, http://example.com/p",
      "http,  example.com:80,     example.com, http://example.com/p",
      "https, example.com:443,    example.com, https://example.com/p",
      "https, example.com:80,     example.com, https://example.com:80/p",
      "http,  www.test:8080,      www.test,    http://www.test:8080/p",
      "http,  [::1]:9000,         ::1,         http://[::1]:9000/p",
      "http,  [::1],              ::1,         http://[::1]/p",
  })
  void prettyUrlAndHostComeFromTheHostHeader(String scheme, String hostHeader, String prettyHost, String prettyUrl) {
    HttpRequest request = Request.builder()
        .scheme(scheme).host("127.0.0.1").port(8081).path("/p")
        .header("Host", hostHeader)
        .build();

    assertThat(request.prettyHost()).isEqualTo(prettyHost);
    assertThat(request.prettyUrl()).isEqualTo(prettyUrl);
    assertThat(request.url()).isEqualTo(scheme + "://127.0.0.1:8081/p");
  }

  @Test
  void prettyUrlIsTheUrlWithoutAHostHeader() {
    HttpRequest request = Request.builder().url("http://[::1]:8080/x").build();

    assertThat(request.prettyUrl()).isEqualTo("http://[::1]:8080/x");
    assertThat(request.prettyHost()).isEqualTo("::1");
  }

  @Test
  void asteriskFormHasNoPathInTheUrl() {
    HttpRequest request = Request.builder().method("OPTIONS").host("example.com").path("*").build();

    assertThat(request.url()).isEqualTo("http://example.com");
  }

  @Test
  void urlAcceptsHostNamesWithUnderscoresAsContainerNetworksUseThem() {
    HttpRequest request = Request.builder().url("http://my_service:8080/health").build();
    HttpRequest noPort = Request.builder().url("https://user@my_service/").build();

    assertThat(request.host()).isEqualTo("my_service");
    assertThat(request.port()).isEqualTo(8080);
    assertThat(request.url()).isEqualTo("http://my_service:8080/health");
    assertThat(noPort.host()).isEqualTo("my_service");
    assertThat(noPort.port()).isEqualTo(443);
    assertInvalid(() -> Request.builder().url("http://my_service:http/"), "url: invalid port in \"http://my_service:http/\"");
    assertInvalid(() -> Request.builder().url("http://my_service:70000/").build(), "port: out of range 1..65535: 70000");
  }

  @Test
  void builderNamesMissingHeadersAndContent() {
    assertThatThrownBy(() -> Request.builder().content(null)).isInstanceOf(NullPointerException.class).hasMessage("content");
    assertThatThrownBy(() -> Response.builder().headers(null)).isInstanceOf(NullPointerException.class).hasMessage("headers");
  }

  @Test
  void upperCaseSchemeIsNormalisedSoDefaultPortsStillApply() {
    HttpRequest request = Request.builder().scheme("HTTPS").host("example.com").port(443).build();

    assertThat(request.scheme()).isEqualTo("https");
    assertThat(request.url()).isEqualTo("https://example.com/");
  }

  @Test
  void buildValidatesEagerlyAndNamesTheField() {
    assertInvalid(() -> Request.builder().method("GE T").build(), "method: not an HTTP method token: \"GE T\"");
    assertInvalid(() -> Request.builder().method("").build(), "method: not an HTTP method token: \"\"");
    assertInvalid(() -> Request.builder().scheme("ftp").build(), "scheme: expected http or https, got \"ftp\"");
    assertInvalid(() -> Request.builder().host("").build(), "host: not a host name or IP literal: \"\"");
    assertInvalid(() -> Request.builder().host("a b").build(), "host: not a host name or IP literal: \"a b\"");
    assertInvalid(() -> Request.builder().host("user@evil").build(), "host: not a host name or IP literal: \"user@evil\"");
    assertInvalid(() -> Request.builder().port(0).build(), "port: out of range 1..65535: 0");
    assertInvalid(() -> Request.builder().port(65536).build(), "port: out of range 1..65535: 65536");
    assertInvalid(() -> Request.builder().path("x").build(), "path: must start with '/' (or be '*'): \"x\"");
    assertInvalid(() -> Request.builder().path("/a b").build(), "path: contains whitespace or a control character: \"/a b\"");
    assertInvalid(() -> Request.builder().url("/relative"), "url: expected an absolute http(s) URL, got \"/relative\"");
    assertInvalid(() -> Request.builder().url("ftp://example.com/").build(), "scheme: expected http or https, got \"ftp\"");
    assertThatThrownBy(() -> Request.builder().url("http://exa mple.com/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("url: ");
    assertThatThrownBy(() -> Request.builder().authority(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("authority");
  }

  @Test
  void settersValidateToo() {
    HttpRequest request = Request.builder().build();

    assertInvalid(() -> request.setPort(-1), "port: out of range 1..65535: -1");
    assertInvalid(() -> request.setMethod("G\u00e9T"), "method: not an HTTP method token: \"G\u00e9T\"");
    assertInvalid(() -> request.setPath("no-slash"), "path: must start with '/' (or be '*'): \"no-slash\"");
    assertInvalid(() -> request.setScheme("ws"), "scheme: expected http or https, got \"ws\"");
    assertInvalid(() -> request.setAuthority("example.com/a"), "authority: not host[:port]: \"example.com/a\"");
    request.setScheme("HTTPS");
    request.setHost("example.com");
    request.setPort(443);
    request.setAuthority("example.com:443");
    assertThat(request.url()).isEqualTo("https://example.com/");
    assertThat(request.authority()).isEqualTo("example.com:443");
  }

  @Test
  void requestsBuiltFromOneBuilderDoNotShareHeaders() {
    HttpRequest.Builder builder = Request.builder().header("A", "1");
    HttpRequest first = builder.build();

    builder.header("B", "2");
    HttpRequest second = builder.build();
    first.headers().add("C", "3");

    assertThat(first.headers()).hasToString("A: 1\r\nC: 3\r\n");
    assertThat(second.headers()).hasToString("A: 1\r\nB: 2\r\n");
  }

  @Test
  void newBuilderCopiesEverythingIndependently() {
    HttpRequest original = Request.builder()
        .method("POST").url("https://example.com:8443/a").authority("example.com:8443")
        .header("X", "1").content(new byte[] {1, 2}).trailers(Headers.of("T", "t")).streamed(true)
        .build();

    HttpRequest copy = original.newBuilder().build();
    copy.headers().add("Y", "2");
    copy.trailers().add("U", "u");

    assertThat(copy).hasToString("POST https://example.com:8443/a HTTP/1.1");
    assertThat(copy.authority()).isEqualTo("example.com:8443");
    assertThat(copy.rawContent()).containsExactly(1, 2);
    assertThat(copy.isStreamed()).isTrue();
    assertThat(copy.timestampStart()).isEqualTo(original.timestampStart());
    assertThat(original.headers().size()).isEqualTo(1);
    assertThat(original.trailers().size()).isEqualTo(1);
  }

  private static void assertInvalid(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
