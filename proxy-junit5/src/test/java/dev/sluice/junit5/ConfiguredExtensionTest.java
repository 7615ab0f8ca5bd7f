package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension configured in place with the proxy's builder, against an HTTPS origin. */
class ConfiguredExtensionTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Configured extension origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.httpsExtension(originCa);

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.upstreamTrust(originCa.trustManager()))
      .proxy(proxy -> proxy.hook(FlowHook.onRequest(flow -> flow.request().headers().set("X-Test-Run", "1"))))
      .takeFlowTimeout(Duration.ofMillis(300))
      .build();

  @Test
  void interceptsHttpsAndRunsTheConfiguredHooks(TestProxy proxy, HttpClient client) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(origin.uri("/orders?page=2")).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.sslSession().orElseThrow().getPeerCertificates()[1])
        .isEqualTo(proxy.certificateAuthority().certificate());
    assertThat(origin.take().header("X-Test-Run")).isEqualTo("1");
    Flow flow = proxy.takeFlow();
    assertThat(flow.request().url()).isEqualTo(origin.uri("/orders?page=2").toString());
    assertThat(flow.response().headers().get("X-Echo-Target")).isEqualTo("/orders?page=2");
  }

  @Test
  void takeFlowWaitsTheConfiguredTime(TestProxy proxy) {
    assertThatThrownBy(proxy::takeFlow).hasMessageStartingWith("no flow finished through the proxy within 300 ms");
  }

  @Test
  void configurationsApplyInOrderBeforeTheFlowLog(TestProxy proxy) {
    assertThat(proxy.server().hooks()).extracting(FlowHook::name).last().isEqualTo("FlowLog");
    assertThat(proxy.server().hooks()).hasSize(2);
  }
}
