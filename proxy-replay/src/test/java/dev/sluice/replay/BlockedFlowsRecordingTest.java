package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.hooks.BlockList;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows {@code block_list} answered or killed are still recorded, in a HAR (what BrowserMob's
 * users asked for) and in a mitmproxy dump, beside the flows that reached the origin.
 */
class BlockedFlowsRecordingTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @TempDir
  Path dir;

  @Test
  void blockedAndKilledRequestsAppearInTheHarAndTheDump() throws Exception {
    Path har = dir.resolve("session.har");
    Path dump = dir.resolve("session.mitm");
    try (ProxyServer proxy = ProxyServer.builder()
        .blockList("|~u /ads/|404", "|~u /track|444")
        .hook(HookPhase.RECORDING, FlowRecorder.to(har))
        .hook(HookPhase.RECORDING, FlowRecorder.to(dump))
        .start()) {
      HttpClient client = JdkClients.via(proxy);
      client.send(HttpRequest.newBuilder(origin.uri("/ads/banner.js")).build(), BodyHandlers.ofString());
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(origin.uri("/track?u=1")).build(), BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      client.send(HttpRequest.newBuilder(origin.uri("/page")).build(), BodyHandlers.ofString());
    }

    // the JDK's client sends a GET again once when the connection closes unanswered: each try is a flow
    Map<String, List<Flow>> inHar = byPath(Har.read(har));
    assertThat(inHar).containsOnlyKeys("/ads/banner.js", "/track?u=1", "/page");
    assertThat(inHar.get("/ads/banner.js")).singleElement().satisfies(f -> assertThat(f.response().statusCode()).isEqualTo(404));
    assertThat(inHar.get("/track?u=1")).isNotEmpty().allSatisfy(f -> {
      assertThat(f.response()).isNull();
      assertThat(f.error().kind()).isEqualTo(FlowError.Kind.KILLED);
    });
    assertThat(inHar.get("/page")).singleElement().satisfies(f -> assertThat(f.response().statusCode()).isEqualTo(200));

    Map<String, List<Flow>> inDump = byPath(FlowReader.readAll(dump));
    assertThat(inDump.get("/ads/banner.js")).singleElement()
        .satisfies(f -> assertThat(f.metadata()).containsEntry(BlockList.BLOCKLISTED, true));
    assertThat(inDump.get("/track?u=1")).isNotEmpty().allSatisfy(f -> {
      assertThat(f.metadata()).containsEntry(BlockList.BLOCKLISTED, true);
      assertThat(f.error().kind()).isEqualTo(FlowError.Kind.KILLED);
    });
    assertThat(inDump.get("/page")).singleElement().satisfies(f -> assertThat(f.metadata()).doesNotContainKey(BlockList.BLOCKLISTED));
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/page");
  }

  private static Map<String, List<Flow>> byPath(List<Flow> flows) {
    return flows.stream().collect(Collectors.groupingBy(flow -> flow.request().path()));
  }
}
