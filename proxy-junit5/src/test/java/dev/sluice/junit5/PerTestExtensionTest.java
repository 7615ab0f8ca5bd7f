package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ProxyServer;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An extension in an instance field gives every test its own proxy and CA, closed after it. */
class PerTestExtensionTest {

  private static final List<ProxyServer> proxies = new ArrayList<>();

  @RegisterExtension
  final SluiceExtension sluice = SluiceExtension.builder().build();

  @Test
  void firstTestGetsAProxy(ProxyServer server) {
    proxies.add(server);
  }

  @Test
  void secondTestGetsAnotherProxyWithAnotherCa(ProxyServer server) {
    proxies.add(server);
  }

  @AfterAll
  static void eachTestHadItsOwnProxyAndEveryProxyIsClosed() {
    assertThat(proxies).hasSize(2);
    assertThat(proxies.get(0)).isNotSameAs(proxies.get(1));
    assertThat(proxies.get(0).certificateAuthority().certificate())
        .isNotEqualTo(proxies.get(1).certificateAuthority().certificate());
    for (ProxyServer proxy : proxies) {
      assertThat(refusesConnections(proxy)).as("%s is closed", proxy).isTrue();
    }
  }

  private static boolean refusesConnections(ProxyServer proxy) {
    try (Socket socket = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      return !socket.isConnected();
    } catch (IOException e) {
      return true;
    }
  }
}
