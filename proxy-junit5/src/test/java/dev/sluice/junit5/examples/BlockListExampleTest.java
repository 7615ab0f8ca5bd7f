package dev.sluice.junit5.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.core.hooks.BlockList;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Example: {@code block_list} keeps a test away from third parties (a 404 for the analytics
 * endpoint, a dropped connection for the tracker), and the flow log still shows what was blocked.
 */
class BlockListExampleTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.blockList("|~u /analytics|404", "|~u /tracker|444"))
      .build();

  @Test
  void blockedRequestsNeverLeaveButTheFlowLogShowsThem(TestProxy proxy, HttpClient client) throws Exception {
    var analytics = client.send(HttpRequest.newBuilder(origin.uri("/analytics/event")).build(), BodyHandlers.ofString());
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(origin.uri("/tracker.gif")).build(), BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    var page = client.send(HttpRequest.newBuilder(origin.uri("/page")).build(), BodyHandlers.ofString());

    assertThat(analytics.statusCode()).isEqualTo(404);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/page");
    assertThat(proxy.flows("~u /analytics")).singleElement()
        .satisfies(flow -> assertThat(flow.metadata()).containsEntry(BlockList.BLOCKLISTED, true));
    assertThat(proxy.flows("~u /tracker")).isNotEmpty()
        .allSatisfy(flow -> assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.KILLED));
  }
}
