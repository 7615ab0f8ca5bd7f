package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session recorded through the proxy against a real origin, replayed with the origin gone. */
class ServerReplayProxyTest {

  @TempDir
  Path dir;

  private EchoOrigin recordedOrigin;
  private Path recording;
  private final List<HttpResponse<String>> recordedResponses = new ArrayList<>();

  @BeforeEach
  void recordASessionAndStopTheOrigin() throws Exception {
    recordedOrigin = EchoOrigin.start();
    recording = dir.resolve("session.mitm");
    AtomicInteger sequence = new AtomicInteger();
    try (FlowRecorder recorder = FlowRecorder.to(recording);
        ProxyServer proxy = ProxyServer.builder().port(0)
            .hook(FlowHook.onResponse(f -> f.response().headers().set("X-Sequence", Integer.toString(sequence.incrementAndGet()))))
            .hook(recorder).start()) {
      HttpClient client = JdkClients.via(proxy.address());
      for (HttpRequest request : session()) {
        recordedResponses.add(client.send(request, BodyHandlers.ofString()));
      }
    }
    recordedOrigin.close();
  }

  @AfterEach
  void closeOrigin() {
    recordedOrigin.close();
  }

  @Test
  void everyResponseIsReplayedIdenticalButForTheRefreshedHeadersAndDuplicatesComeInOrder() throws Exception {
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording)).start()) {
      HttpClient client = JdkClients.via(replay.address());
      List<HttpRequest> session = session();
      for (int i = 0; i < session.size(); i++) {
        HttpResponse<String> replayed = client.send(session.get(i), BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(recordedResponses.get(i).statusCode());
        assertThat(replayed.body()).isEqualTo(recordedResponses.get(i).body());
        assertThat(unrefreshedHeaders(replayed)).isEqualTo(unrefreshedHeaders(recordedResponses.get(i)));
        assertThat(replayed.headers().firstValue("Date")).isPresent();
      }
    }
  }

  @Test
  void withIgnoredParamsAndReuseARequestDifferingInTheParamGetsTheFirstRecording() throws Exception {
    ServerReplayOptions options = ServerReplayOptions.builder().ignoreParams("ts").reuse(true).build();
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording, options)).start()) {
      HttpClient client = JdkClients.via(replay.address());
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> response = client.send(get("/dup?ts=" + (1000 + i)), BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Sequence")).hasValue(recordedResponses.get(2).headers().firstValue("X-Sequence").orElseThrow());
      }
    }
  }

  @Test
  void eachMatchingOptionLetsARequestDifferingInThatRespectBeAnsweredFromTheRecording() throws Exception {
    int port = recordedOrigin.port();
    ServerReplayOptions.Builder base = ServerReplayOptions.builder().extra("404").reuse(true);
    assertReplayedOnlyWith(base.build().newBuilder().ignoreParams("y").build(), get("/a?x=1&y=three"), 0);
    assertReplayedOnlyWith(base.build().newBuilder().ignoreContent(true).build(),
        HttpRequest.newBuilder(recordedOrigin.uri("/echo")).POST(BodyPublishers.ofString("bye")).build(), 1);
    assertReplayedOnlyWith(base.build().newBuilder().ignorePayloadParams("csrf").build(),
        HttpRequest.newBuilder(recordedOrigin.uri("/form")).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString("user=ann&csrf=2")).build(), 6);
    assertReplayedOnlyWith(base.build().newBuilder().ignoreHost(true).build(),
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/a?x=1&y=two")).build(), 0);
    assertReplayedOnlyWith(base.build().newBuilder().ignorePort(true).build(),
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/a?x=1&y=two")).build(), 0);

    HttpRequest xml = HttpRequest.newBuilder(recordedOrigin.uri("/negotiate")).header("Accept", "text/xml").build();
    assertThat(replayedStatus(base.build(), xml)).isEqualTo(200);
    assertThat(replayedStatus(base.useHeaders("Accept").build(), xml)).isEqualTo(404);
    assertThat(replayedStatus(base.build(), session().get(7))).isEqualTo(200);
  }

  private void assertReplayedOnlyWith(ServerReplayOptions options, HttpRequest variant, int recorded) throws Exception {
    assertThat(replayedStatus(ServerReplayOptions.builder().extra("404").build(), variant)).as(options.toString()).isEqualTo(404);
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording, options)).start()) {
      HttpResponse<String> response = JdkClients.via(replay.address()).send(variant, BodyHandlers.ofString());
      assertThat(response.headers().firstValue("X-Sequence")).as(options.toString())
          .isEqualTo(recordedResponses.get(recorded).headers().firstValue("X-Sequence"));
      assertThat(response.body()).isEqualTo(recordedResponses.get(recorded).body());
    }
  }

  private int replayedStatus(ServerReplayOptions options, HttpRequest request) throws Exception {
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording, options)).start()) {
      return JdkClients.via(replay.address()).send(request, BodyHandlers.ofString()).statusCode();
    }
  }

  @Test
  void unmatchedRequestsAreForwardedToALiveOriginByDefault() throws Exception {
    try (EchoOrigin live = EchoOrigin.start();
        ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording)).start()) {
      HttpResponse<String> response = JdkClients.via(replay.address()).send(
          HttpRequest.newBuilder(live.uri("/not-recorded")).POST(BodyPublishers.ofString("live")).build(), BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("live");
      assertThat(live.take().target()).isEqualTo("/not-recorded");
    }
  }

  @Test
  void killClosesTheConnectionOfAnUnmatchedRequest() throws Exception {
    ServerReplayOptions options = ServerReplayOptions.builder().extra("kill").build();
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording, options)).start();
        RawClient client = RawClient.connect(replay.address())) {
      client.send("GET " + recordedOrigin.uri("/not-recorded") + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + recordedOrigin.port() + "\r\n\r\n");

      assertThat(client.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void aStatusExtraAnswersUnmatchedRequestsAndKeepsDoingSoOnceTheRecordingIsUsedUp() throws Exception {
    ServerReplayOptions options = ServerReplayOptions.builder().extra("404").build();
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(ServerReplay.fromFile(recording, options)).start()) {
      HttpClient client = JdkClients.via(replay.address());
      HttpResponse<String> missing = client.send(get("/not-recorded"), BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("GET " + recordedOrigin.uri("/not-recorded")).contains("not in the recording");

      List<HttpRequest> session = session();
      for (int i = 0; i < session.size(); i++) {
        assertThat(client.send(session.get(i), BodyHandlers.ofString()).headers().firstValue("X-Sequence"))
            .isEqualTo(recordedResponses.get(i).headers().firstValue("X-Sequence"));
      }
      HttpResponse<String> usedUp = client.send(get("/dup?ts=1"), BodyHandlers.ofString());
      assertThat(usedUp.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aSessionRecordedInReverseModeReplaysAgainstTheReverseTarget() throws Exception {
    try (EchoOrigin target = EchoOrigin.start()) {
      ProxyMode mode = ProxyMode.reverse(URI.create("http://127.0.0.1:" + target.port()));
      Path reverseRecording = dir.resolve("reverse.har");
      HttpResponse<String> recorded;
      try (FlowRecorder recorder = FlowRecorder.to(reverseRecording);
          ProxyServer proxy = ProxyServer.builder().port(0).mode(mode).hook(recorder).start()) {
        recorded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxyUri(proxy, "/rev?q=1"))
            .POST(BodyPublishers.ofString("reversed")).build(), BodyHandlers.ofString());
      }
      target.close();

      ServerReplayOptions options = ServerReplayOptions.builder().extra("404").build();
      try (ProxyServer replay = ProxyServer.builder().port(0).mode(mode)
          .hook(ServerReplay.fromFile(reverseRecording, options)).start()) {
        HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxyUri(replay, "/rev?q=1"))
            .POST(BodyPublishers.ofString("reversed")).build(), BodyHandlers.ofString());

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.body()).isEqualTo(recorded.body()).isEqualTo("reversed");
        assertThat(replayed.headers().firstValue("X-Echo-Target")).hasValue("/rev?q=1");
      }
    }
  }

  @Test
  void aRecordingOfAHostThatDoesNotResolveIsReplayedWithoutAnyConnectionAttempt() throws Exception {
    dev.sluice.api.HttpRequest recordedRequest = ReplayFlows.get("http://recorded.invalid/offline?x=1");
    ServerReplay offline = ServerReplay.of(List.of(ReplayFlows.recorded(recordedRequest, "from the recording")));
    try (ProxyServer replay = ProxyServer.builder().port(0).hook(offline).start()) {
      HttpResponse<String> response = JdkClients.via(replay.address()).send(
          HttpRequest.newBuilder(URI.create("http://recorded.invalid/offline?x=1")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("from the recording");
    }
  }

  private List<HttpRequest> session() {
    return List.of(
        get("/a?x=1&y=two"),
        HttpRequest.newBuilder(recordedOrigin.uri("/echo")).POST(BodyPublishers.ofString("hello")).build(),
        get("/dup?ts=1"),
        get("/dup?ts=1"),
        get("/cookie/session=abc"),
        get("/status/404"),
        HttpRequest.newBuilder(recordedOrigin.uri("/form")).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString("user=ann&csrf=1")).build(),
        HttpRequest.newBuilder(recordedOrigin.uri("/negotiate")).header("Accept", "application/json").build());
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(recordedOrigin.uri(path)).build();
  }

  private static URI proxyUri(ProxyServer proxy, String path) {
    return URI.create("http://127.0.0.1:" + proxy.address().getPort() + path);
  }

  private static Map<String, List<String>> unrefreshedHeaders(HttpResponse<String> response) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("date") || name.equalsIgnoreCase("expires")
        || name.equalsIgnoreCase("last-modified"));
    return headers;
  }
}
