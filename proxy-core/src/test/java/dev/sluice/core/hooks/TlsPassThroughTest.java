package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.TlsClientHello;
import dev.sluice.testing.TestFlows;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsPassThroughTest {

  private static TlsClientHello hello(String sni, String host, int port) {
    return TlsClientHello.of(TestFlows.CLIENT, sni, List.of("http/1.1"), host, port);
  }

  private static boolean passedThrough(TlsPassThrough hook, TlsClientHello hello) {
    hook.tlsClientHello(hello);
    return hello.isPassThrough();
  }

  @Test
  void ignoreHostsPassesThroughMatchingHostAndPort() {
    TlsPassThrough ignore = TlsPassThrough.ignoreHosts("^example\\.com:443$");

    assertThat(passedThrough(ignore, hello("example.com", "example.com", 443))).isTrue();
    assertThat(passedThrough(ignore, hello("example.com", "example.com", 8443))).isFalse();
    assertThat(passedThrough(ignore, hello("other.com", "other.com", 443))).isFalse();
  }

  @Test
  void theSniMatchesWhenTheConnectTargetIsAnAddress() {
    TlsPassThrough ignore = TlsPassThrough.ignoreHosts("bank\\.example");

    assertThat(passedThrough(ignore, hello("www.bank.example", "192.0.2.7", 443))).isTrue();
    assertThat(passedThrough(ignore, hello(null, "192.0.2.7", 443))).isFalse();
  }

  @Test
  void regexesAreSearchedCaseInsensitively() {
    assertThat(passedThrough(TlsPassThrough.ignoreHosts("EXAMPLE"), hello(null, "www.example.org", 443))).isTrue();
  }

  @Test
  void allowHostsPassesThroughEverythingElse() {
    TlsPassThrough allow = TlsPassThrough.allowHosts("^api\\.example\\.com:", "^127\\.0\\.0\\.1:");

    assertThat(passedThrough(allow, hello("api.example.com", "api.example.com", 443))).isFalse();
    assertThat(passedThrough(allow, hello(null, "127.0.0.1", 8443))).isFalse();
    assertThat(passedThrough(allow, hello("cdn.example.com", "cdn.example.com", 443))).isTrue();
  }

  @Test
  void aBadRegexIsNamed() {
    assertThatThrownBy(() -> TlsPassThrough.ignoreHosts("ok", "(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"(unclosed\"");
    assertThatThrownBy(() -> TlsPassThrough.allowHosts((String) null)).isInstanceOf(NullPointerException.class);
  }
}
