package dev.sluice.junit5.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Example: a hook that mocks one endpoint and lets every other request through to the real server. */
class MockOneEndpointExampleTest {

  /** Answers {@code GET /api/feature-flags} itself; everything else goes upstream untouched. */
  static final class MockFeatureFlags implements FlowHook {
    @Override
    public void request(HttpFlow flow) {
      if (flow.request().method().equals("GET") && flow.request().path().equals("/api/feature-flags")) {
        flow.respond(Response.of(200, "application/json", "{\"newCheckout\":true}"));
      }
    }
  }

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final SluiceExtension sluice =
      SluiceExtension.builder().proxy(proxy -> proxy.hook(new MockFeatureFlags())).build();

  @Test
  void theMockedEndpointAnswersAndTheRestReachTheServer(TestProxy proxy, HttpClient client) throws Exception {
    var flags = client.send(HttpRequest.newBuilder(origin.uri("/api/feature-flags")).build(), BodyHandlers.ofString());
    var orders = client.send(HttpRequest.newBuilder(origin.uri("/api/orders")).build(), BodyHandlers.ofString());

    assertThat(flags.body()).isEqualTo("{\"newCheckout\":true}");
    assertThat(orders.headers().firstValue("X-Echo-Target")).hasValue("/api/orders");
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/api/orders");
    assertThat(proxy.flows()).extracting(flow -> flow.response().source().name()).containsExactly("HOOK", "UPSTREAM");
  }
}
