package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.options.Option;
import dev.sluice.core.testing.JdkClients;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of {@code proxy-replay}: server replay from files through the builder, and the text forms. */
class ReplayOptionsTest {

  @TempDir
  Path dir;

  @Test
  void theServerReplayOptionAddsAReplayOfItsFilesWithTheMatchingOptions() throws Exception {
    Path session = dir.resolve("session.mitm");
    try (FlowWriter writer = FlowWriter.append(session)) {
      writer.write(ReplayFlows.recorded(ReplayFlows.get("http://127.0.0.1:9/item?ts=1"), "recorded"));
    }
    ProxyServer.Builder builder = ProxyServer.builder().upstreamCert(false)
        .set(ServerReplay.SERVER_REPLAY, List.of(session))
        .set(ServerReplayOptions.SERVER_REPLAY_IGNORE_PARAMS, List.of("ts"))
        .set(ServerReplayOptions.SERVER_REPLAY_NOPOP, true)
        .set(ServerReplayOptions.SERVER_REPLAY_EXTRA, ServerReplayOptions.SERVER_REPLAY_EXTRA.parse("404"));

    try (ProxyServer proxy = builder.start()) {
      ServerReplay replay = (ServerReplay) proxy.hooks().get(0);
      assertThat(replay.options().ignoreParams()).containsExactly("ts");
      assertThat(replay.options().reuse()).isTrue();
      for (int i = 2; i < 4; i++) {
        HttpResponse<String> answered = JdkClients.via(proxy).send(
            HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:9/item?ts=" + i)).build(), BodyHandlers.ofString());
        assertThat(answered.body()).isEqualTo("recorded");
      }
      HttpResponse<String> missed = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:9/other")).build(), BodyHandlers.ofString());
      assertThat(missed.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void anUnreadableReplayFileFailsAsTheProxyStartsAndNamesTheFile() {
    ProxyServer.Builder builder = ProxyServer.builder().set(ServerReplay.SERVER_REPLAY, List.of(dir.resolve("no-such.mitm")));

    assertThatThrownBy(builder::start).isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("server_replay: ").hasMessageContaining("no-such.mitm");
  }

  @Test
  void textFormsAreCheckedAsTheyAreSetAndNameTheOption() {
    assertThat(ServerReplayOptions.SERVER_REPLAY_EXTRA.parse(" KILL ")).isEqualTo("kill");
    assertThatThrownBy(() -> ServerReplayOptions.SERVER_REPLAY_EXTRA.parse("999"))
        .hasMessage("server_replay_extra: expected forward, kill or a status code 200-599, got \"999\"");
    assertThatThrownBy(() -> ServerReplayOptions.SERVER_REPLAY_USE_HEADERS.parse(" "))
        .hasMessage("server_replay_use_headers: blank header name");
    assertThat(ClientReplay.CLIENT_REPLAY_CONCURRENCY.parse("-1")).isEqualTo(ClientReplay.UNLIMITED);
    assertThatThrownBy(() -> ClientReplay.CLIENT_REPLAY_CONCURRENCY.parse("0"))
        .hasMessage("client_replay_concurrency: expected at least 1, or -1 for unlimited, got 0");
    assertThat(FlowRecorder.SAVE_STREAM_FILTER.parse("")).isNull();
  }

  @Test
  void everyReplayOptionIsListedOnceWithItsHelp() {
    List<Option<?>> all = new java.util.ArrayList<>(ServerReplay.OPTIONS);
    all.addAll(ClientReplay.OPTIONS);
    all.addAll(FlowRecorder.OPTIONS);

    assertThat(all).extracting(Option::name).doesNotHaveDuplicates().contains("server_replay", "server_replay_nopop",
        "server_replay_refresh", "client_replay", "client_replay_concurrency", "keepserving", "save_stream_file",
        "save_stream_filter").hasSize(17);
    assertThat(all).allSatisfy(option -> assertThat(option.help()).isNotBlank());
  }
}
