package dev.sluice.junit5.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Example: a custom hook that adds a header to every request on its way upstream. */
class AddHeaderExampleTest {

  /** Sets one request header; a hook is one small class with the events it needs. */
  static final class AddHeader implements FlowHook {
    private final String name;
    private final String value;

    AddHeader(String name, String value) {
      this.name = Objects.requireNonNull(name, "name");
      this.value = Objects.requireNonNull(value, "value");
    }

    @Override
    public void request(HttpFlow flow) {
      flow.request().headers().set(name, value);
    }
  }

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.hook(new AddHeader("X-Tenant", "acme")))
      .build();

  @Test
  void theUpstreamSeesTheAddedHeader(TestProxy proxy, HttpClient client) throws Exception {
    client.send(HttpRequest.newBuilder(origin.uri("/orders")).build(), BodyHandlers.ofString());

    assertThat(origin.take().header("X-Tenant")).isEqualTo("acme");
    assertThat(proxy.takeFlow().request().headers().get("X-Tenant")).isEqualTo("acme");
  }
}
