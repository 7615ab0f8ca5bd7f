package dev.sluice.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessGuardTest {

  private final AccessGuard guard = new AccessGuard("0123456789abcdef0123456789abcdef", Set.of("192.168.7.2"));

  @Test
  void letsInTheTokenOnALoopbackHostOrTheAddressListenedOn() {
    for (String host : new String[] {"127.0.0.1:8081", "localhost:8081", "LOCALHOST", "[::1]:8081", "127.0.0.2", "192.168.7.2:8081",
        "localhost.:8081"}) {
      assertThat(guard.refusal(host, guard.token())).as(host).isNull();
    }
  }

  @Test
  void refusesAnyOtherHostWhateverTheToken() {
    for (String host : new String[] {"evil.example", "evil.example:8081", "127.0.0.1.evil.example", "[fe80::1]:8081", "10.0.0.1"}) {
      assertThat(guard.refusal(host, guard.token())).as(host).contains("is not this web view's").contains("DNS rebinding");
    }
    assertThat(guard.refusal(null, guard.token())).startsWith("no Host header");
  }

  @Test
  void refusesAMissingOrWrongToken() {
    assertThat(guard.refusal("127.0.0.1", null)).startsWith("no token: open the URL the web view printed");
    assertThat(guard.refusal("127.0.0.1", "0123456789abcdef0123456789abcdee")).startsWith("a wrong token");
    assertThat(guard.refusal("127.0.0.1", "")).startsWith("a wrong token");
    assertThat(guard.refusal("127.0.0.1", guard.token() + "0")).startsWith("a wrong token");
  }

  @Test
  void tokensAre128RandomBitsInHex() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String token = AccessGuard.newToken();
      assertThat(token).matches("[0-9a-f]{32}");
      tokens.add(token);
    }
    assertThat(tokens).hasSize(100);
  }
}
