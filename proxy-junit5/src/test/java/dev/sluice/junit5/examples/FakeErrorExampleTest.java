package dev.sluice.junit5.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Example: hooks that fake failures, to test how a client copes with an outage or a reset. */
class FakeErrorExampleTest {

  /** Answers the matching requests with a 503 and a {@code Retry-After}, without contacting the upstream. */
  static final class FakeOutage implements FlowHook {
    private final FlowFilter filter;

    FakeOutage(String filter) {
      this.filter = FlowFilter.parse(filter);
    }

    @Override
    public void request(HttpFlow flow) {
      if (filter.test(flow)) {
        flow.respond(Response.of(503, "text/plain", "down for maintenance").newBuilder()
            .header("Retry-After", "120").build());
      }
    }
  }

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.hook(new FakeOutage("~u /payments")))
      .proxy(proxy -> proxy.hook(FlowHook.matching(FlowFilter.parse("~u /flaky"), FlowHook.onRequest(HttpFlow::kill))))
      .build();

  @Test
  void theClientSeesTheFakedOutageAndTheUpstreamIsNeverAsked(TestProxy proxy, HttpClient client) throws Exception {
    var response = client.send(HttpRequest.newBuilder(origin.uri("/payments/42")).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("120");
    assertThat(origin.all()).isEmpty();
    assertThat(proxy.takeFlow().response().statusCode()).isEqualTo(503);
  }

  @Test
  void aKilledFlowResetsTheClientsConnection(TestProxy proxy, HttpClient client) {
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(origin.uri("/flaky")).build(), BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);

    assertThat(proxy.flows("~u /flaky")).isNotEmpty()
        .allSatisfy(flow -> assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.KILLED));
    assertThat(origin.all()).isEmpty();
  }
}
