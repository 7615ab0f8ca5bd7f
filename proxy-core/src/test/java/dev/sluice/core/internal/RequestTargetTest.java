package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RequestTargetTest {

  @Test
  void absoluteFormGivesDestinationAndOriginFormPath() {
    RequestTarget target = RequestTarget.absolute("http://Example.com:8080/a/b?q=a%2Fb");

    assertThat(target).isEqualTo(new RequestTarget("http", "Example.com", 8080, "Example.com:8080", "/a/b?q=a%2Fb"));
  }

  @Test
  void missingPathBecomesSlashAndDefaultPortsApply() {
    assertThat(RequestTarget.absolute("http://example.com").path()).isEqualTo("/");
    assertThat(RequestTarget.absolute("http://example.com?x=1").path()).isEqualTo("/?x=1");
    assertThat(RequestTarget.absolute("http://example.com").port()).isEqualTo(80);
    assertThat(RequestTarget.absolute("https://example.com/").port()).isEqualTo(443);
  }

  @Test
  void ipv6LiteralsLoseTheirBrackets() {
    RequestTarget target = RequestTarget.absolute("http://[::1]:9000/x");

    assertThat(target.host()).isEqualTo("::1");
    assertThat(target.port()).isEqualTo(9000);
    assertThat(RequestTarget.connect("[::1]:443").host()).isEqualTo("::1");
  }

  @Test
  void connectTargetNeedsAPort() {
    assertThat(RequestTarget.connect("example.com:443").port()).isEqualTo(443);
    assertThatThrownBy(() -> RequestTarget.connect("example.com")).hasMessageContaining("expected host:port");
  }

  @Test
  void badTargetsAreRejectedNamingThem() {
    assertThatThrownBy(() -> RequestTarget.absolute("ftp://example.com/")).hasMessageContaining("ftp://example.com/");
    assertThatThrownBy(() -> RequestTarget.absolute("http://user@example.com/")).hasMessageContaining("user info");
    assertThatThrownBy(() -> RequestTarget.absolute("http://example.com:99999/")).hasMessageContaining("port");
    assertThatThrownBy(() -> RequestTarget.absolute("http://:80/")).hasMessageContaining("empty host");
    assertThatThrownBy(() -> RequestTarget.absolute("http://[::1/")).hasMessageContaining("IPv6");
  }

  @Test
  void originFormGoesToTheServerItsHostNamesOverPlainHttp() {
    assertThat(RequestTarget.fromHostHeader(List.of("127.0.0.1:28080"), "/ws?x=1"))
        .isEqualTo(new RequestTarget("http", "127.0.0.1", 28080, "", "/ws?x=1"));
    assertThat(RequestTarget.fromHostHeader(List.of("example.com"), "/").port()).isEqualTo(80);
    assertThat(RequestTarget.fromHostHeader(List.of("[::1]:9000"), "/").host()).isEqualTo("::1");
  }

  @Test
  void originFormWithoutOneUsableHostIsRejectedNamingTheProblem() {
    assertThatThrownBy(() -> RequestTarget.fromHostHeader(List.of(), "/ws"))
        .hasMessage("origin-form request \"/ws\" without a Host header: destination unknown");
    assertThatThrownBy(() -> RequestTarget.fromHostHeader(List.of("a.example", "b.example"), "/ws"))
        .hasMessage("origin-form request \"/ws\" with 2 Host headers: destination ambiguous");
    assertThatThrownBy(() -> RequestTarget.fromHostHeader(List.of(""), "/ws"))
        .hasMessage("origin-form request \"/ws\": Host header: expected host[:port], got \"\"");
    assertThatThrownBy(() -> RequestTarget.fromHostHeader(List.of("example.com/evil"), "/ws"))
        .hasMessage("origin-form request \"/ws\": Host header: expected host[:port], got \"example.com/evil\"");
    assertThatThrownBy(() -> RequestTarget.fromHostHeader(List.of("example.com:http"), "/ws"))
        .hasMessage("origin-form request \"/ws\": Host header: bad port \"http\" in \"example.com:http\"");
    assertThatThrownBy(() -> RequestTarget.fromHostHeader(List.of("user@example.com"), "/ws"))
        .hasMessageContaining("Host header: expected host[:port] without user info");
  }

  @Test
  void onlySchemeColonSlashSlashIsAbsoluteForm() {
    assertThat(RequestTarget.isAbsolute("http://a/")).isTrue();
    assertThat(RequestTarget.isAbsolute("/path?u=http://a/")).isFalse();
    assertThat(RequestTarget.isAbsolute("*")).isFalse();
  }

  @Property
  void absoluteFormRoundTrips(@ForAll("hosts") String host, @ForAll @IntRange(min = 1, max = 65535) int port,
      @ForAll("paths") String path) {
    RequestTarget target = RequestTarget.absolute("http://" + host + ":" + port + path);

    assertThat(target.host()).isEqualTo(host);
    assertThat(target.port()).isEqualTo(port);
    assertThat(target.path()).isEqualTo(path);
    assertThat(target.authority()).isEqualTo(host + ":" + port);
  }

  @Provide
  Arbitrary<String> hosts() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-').ofMinLength(1).ofMaxLength(30);
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('/', '?', '=', '&', '%', '.').ofMaxLength(40)
        .map(rest -> "/" + rest);
  }
}
