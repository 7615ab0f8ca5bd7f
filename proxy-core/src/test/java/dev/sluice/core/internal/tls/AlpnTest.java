package dev.sluice.core.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client is offered by ALPN once its server chose. */
class AlpnTest {

  @Test
  void theClientGetsOnlyWhatTheServerChoseWhenItOfferedThatToo() {
    assertThat(Alpn.afterServer(List.of("h2", "http/1.1"), "h2", true)).containsExactly("h2");
    assertThat(Alpn.afterServer(List.of("h2", "http/1.1"), "http/1.1", true)).containsExactly("http/1.1");
  }

  @Test
  void aServerThatChoseNothingSpeaksHttp11() {
    assertThat(Alpn.afterServer(List.of("h2", "http/1.1"), null, true)).containsExactly("http/1.1");
  }

  @Test
  void aClientThatDidNotOfferTheServersChoiceGetsEveryProtocolTheProxySpeaksAndATranslation() {
    assertThat(Alpn.afterServer(List.of("h2"), "http/1.1", true)).containsExactly("h2", "http/1.1");
    assertThat(Alpn.afterServer(List.of(), "h2", true)).containsExactly("h2", "http/1.1");
  }
}
