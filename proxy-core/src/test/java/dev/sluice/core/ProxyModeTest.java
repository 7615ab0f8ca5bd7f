package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ProxyModeTest {

  @Test
  void parsesTheThreeModes() {
    assertThat(ProxyMode.parse("regular")).isEqualTo(ProxyMode.regular());
    assertThat(ProxyMode.parse("regular").target()).isNull();

    ProxyMode reverse = ProxyMode.parse("reverse:http://127.0.0.1:8000");
    assertThat(reverse.kind()).isEqualTo(ProxyMode.Kind.REVERSE);
    assertThat(reverse.target()).isEqualTo(URI.create("http://127.0.0.1:8000"));

    ProxyMode upstream = ProxyMode.parse("upstream:http://proxy.example");
    assertThat(upstream.kind()).isEqualTo(ProxyMode.Kind.UPSTREAM);
    assertThat(upstream.target()).isEqualTo(URI.create("http://proxy.example:80"));
    assertThat(upstream.toString()).isEqualTo("upstream:http://proxy.example:80");
  }

  @Test
  void parsesSocks5() {
    ProxyMode socks5 = ProxyMode.parse("socks5");

    assertThat(socks5).isEqualTo(ProxyMode.socks5());
    assertThat(socks5.kind()).isEqualTo(ProxyMode.Kind.SOCKS5);
    assertThat(socks5.target()).isNull();
    assertThat(socks5.toString()).isEqualTo("socks5");
    assertThatThrownBy(() -> ProxyMode.parse("socks4")).hasMessageContaining("expected regular, socks5,")
        .hasMessageContaining("\"socks4\"");
  }

  @Test
  void reverseModeAcceptsHttpsUpstreamsWithTheirDefaultPort() {
    ProxyMode reverse = ProxyMode.parse("reverse:https://origin.example");

    assertThat(reverse.target()).isEqualTo(URI.create("https://origin.example:443"));
    assertThat(reverse.toString()).isEqualTo("reverse:https://origin.example:443");
    assertThat(ProxyMode.reverse(URI.create("https://127.0.0.1:8443"))).isEqualTo(
        ProxyMode.parse("reverse:https://127.0.0.1:8443"));
  }

  @Test
  void rejectsBadSpecsNamingThem() {
    assertThatThrownBy(() -> ProxyMode.parse("transparent")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"transparent\"");
    assertThatThrownBy(() -> ProxyMode.parse("reverse:")).hasMessageContaining("reverse:");
    assertThatThrownBy(() -> ProxyMode.parse("reverse:ftp://h:1")).hasMessageContaining("reverse:ftp://h:1");
    assertThatThrownBy(() -> ProxyMode.parse("upstream:http://h:1/path")).hasMessageContaining("no path");
    assertThatThrownBy(() -> ProxyMode.parse("upstream:https://h:443")).hasMessageContaining("expected http://host[:port]");
    assertThatThrownBy(() -> ProxyMode.reverse(null)).isInstanceOf(NullPointerException.class).hasMessage("upstream");
  }

  @Property
  void toStringIsTheSpecParseReads(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String host,
      @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll boolean reverse) {
    String spec = (reverse ? "reverse" : "upstream") + ":http://" + host.toLowerCase() + ":" + port;

    ProxyMode mode = ProxyMode.parse(spec);

    assertThat(mode.toString()).isEqualTo(spec);
    assertThat(ProxyMode.parse(mode.toString())).isEqualTo(mode);
  }
}
