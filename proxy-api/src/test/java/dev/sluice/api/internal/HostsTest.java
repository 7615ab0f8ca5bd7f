package dev.sluice.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostsTest {

  @Test
  void anIpv6LiteralGoesInBracketsAndNothingElseDoes() {
    assertThat(Hosts.bracketed("::1")).isEqualTo("[::1]");
    assertThat(Hosts.bracketed("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(Hosts.withPort("2001:db8::7", 8443)).isEqualTo("[2001:db8::7]:8443");
    assertThat(Hosts.withPort("example.org", 80)).isEqualTo("example.org:80");
  }

  @Test
  void aHostHeaderLeavesOutTheSchemesDefaultPortOnly() {
    assertThat(Hosts.hostHeader("http", "example.org", 80)).isEqualTo("example.org");
    assertThat(Hosts.hostHeader("https", "::1", 443)).isEqualTo("[::1]");
    assertThat(Hosts.hostHeader("https", "example.org", 80)).isEqualTo("example.org:80");
    assertThat(Hosts.hostHeader("http", "::1", 8080)).isEqualTo("[::1]:8080");
  }

  @Test
  void anAddressIsWrittenByItsLiteralOrElseByTheNameItWasGiven() throws Exception {
    InetSocketAddress loopback6 = new InetSocketAddress(InetAddress.getByName("::1"), 9000);

    assertThat(Hosts.withPort(loopback6)).isEqualTo("[0:0:0:0:0:0:0:1]:9000");
    assertThat(Hosts.withPort(InetSocketAddress.createUnresolved("example.org", 443))).isEqualTo("example.org:443");
  }
}
