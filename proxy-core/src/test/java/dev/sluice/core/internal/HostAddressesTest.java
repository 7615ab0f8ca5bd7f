package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostAddressesTest {

  @Test
  void aNameInTheTableGoesToItsAddressAndKeepsItsName() {
    HostAddresses hosts = HostAddresses.of(List.of("api.example.test=127.0.0.1", "v6.example.test=[::1]"));

    assertThat(hosts.lookup("API.Example.test")).hasToString("API.Example.test/127.0.0.1");
    assertThat(hosts.lookup("v6.example.test").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(hosts.lookup("other.example.test")).isNull();
    assertThat(hosts.asMap()).containsOnlyKeys("api.example.test", "v6.example.test");
  }

  @Test
  void aLaterEntryForANameWinsAndAnAddressCanBeRemappedToo() {
    HostAddresses hosts = HostAddresses.of(List.of("a.test=10.0.0.1", "A.TEST = 127.0.0.1", "10.0.0.5=127.0.0.2"));

    assertThat(hosts.lookup("a.test").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(hosts.lookup("10.0.0.5").getHostAddress()).isEqualTo("127.0.0.2");
  }

  @Test
  void badEntriesAreRefusedQuotingThem() {
    assertThatThrownBy(() -> HostAddresses.of(List.of("api.example.test")))
        .hasMessage("\"api.example.test\": expected name=address, such as api.example.test=127.0.0.1");
    assertThatThrownBy(() -> HostAddresses.of(List.of("api.example.test=localhost")))
        .hasMessage("\"api.example.test=localhost\": \"localhost\" is not an IP address");
    assertThatThrownBy(() -> HostAddresses.of(List.of("a b=127.0.0.1"))).hasMessage("\"a b=127.0.0.1\": \"a b\" is not a host name");
    assertThatThrownBy(() -> HostAddresses.of(List.of("=127.0.0.1"))).hasMessage("\"=127.0.0.1\": \"\" is not a host name");
    assertThat(HostAddresses.of(List.of())).isSameAs(HostAddresses.NONE);
  }
}
