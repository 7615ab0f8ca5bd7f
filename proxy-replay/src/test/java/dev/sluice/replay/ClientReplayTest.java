package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.tls.CertificateAuthority;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClientReplay} through a live proxy to live origins on loopback. */
@ExtendWith(NettyLeakDetection.class)
class ClientReplayTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin httpsOrigin = EchoOrigin.httpsExtension(ORIGIN_CA);

  @TempDir
  Path dir;

  @Test
  void flowsRecordedFromALiveRunAreReplayedOverHttpAndHttpsAndRecordedAgainAsReplays() throws Exception {
    Path recording = dir.resolve("live.mitm");
    try (ProxyServer proxy = ProxyServer.builder().upstreamTrust(ORIGIN_CA.trustManager())
        .hook(FlowRecorder.to(recording)).start()) {
      HttpClient client = JdkClients.via(proxy);
      send(client, origin.uri("/plain?n=1"), "first");
      send(client, httpsOrigin.uri("/secure?n=2"), "second");
    }
    origin.reset();
    httpsOrigin.reset();
    List<ReplayKind> seenByHooks = new CopyOnWriteArrayList<>();
    Path again = dir.resolve("again.mitm");

    List<Flow> replayed;
    try (ProxyServer proxy = ProxyServer.builder().upstreamTrust(ORIGIN_CA.trustManager())
        .hook(FlowHook.onRequest(flow -> seenByHooks.add(flow.replay())))
        .hook(FlowRecorder.to(again)).start();
        ClientReplay replay = ClientReplay.builder(proxy).flowsFrom(recording).start()) {
      replayed = replay.result().get(20, TimeUnit.SECONDS);
    }

    assertThat(replayed).extracting(flow -> flow.request().url())
        .containsExactly(origin.uri("/plain?n=1").toString(), httpsOrigin.uri("/secure?n=2").toString());
    assertThat(replayed).extracting(flow -> flow.response().text()).containsExactly("first", "second");
    assertThat(replayed).extracting(Flow::replay).containsOnly(ReplayKind.REQUEST);
    assertThat(seenByHooks).containsExactly(ReplayKind.REQUEST, ReplayKind.REQUEST);
    assertThat(origin.take().text()).isEqualTo("first");
    assertThat(httpsOrigin.take().target()).isEqualTo("/secure?n=2");
    List<Flow> rerecorded = FlowReader.readAll(again);
    assertThat(rerecorded).extracting(Flow::replay).containsExactly(ReplayKind.REQUEST, ReplayKind.REQUEST);
    assertThat(rerecorded).extracting(flow -> flow.response().text()).containsExactly("first", "second");
  }

  @Test
  void theRecordedFlowsAreLeftUnchangedAndTheReplayedOnesAreNewFlows() throws Exception {
    List<Flow> recorded = List.of(
        ReplayFlows.recorded(ReplayFlows.request("POST", origin.uri("/a").toString(), "text/plain", "alpha"), "old a"),
        ReplayFlows.recorded(ReplayFlows.request("PUT", origin.uri("/b").toString(), "text/plain", "beta"), "old b"));
    List<String> before = FlowDescriptions.describe(recorded);

    List<Flow> replayed = replay(recorded, 1);

    assertThat(FlowDescriptions.describe(recorded)).isEqualTo(before);
    assertThat(replayed).extracting(flow -> flow.response().text()).containsExactly("alpha", "beta");
    for (int i = 0; i < recorded.size(); i++) {
      assertThat(replayed.get(i)).isNotSameAs(recorded.get(i));
      assertThat(replayed.get(i).id()).isNotEqualTo(recorded.get(i).id());
      assertThat(replayed.get(i).request().method()).isEqualTo(recorded.get(i).request().method());
    }
  }

  @Test
  void withConcurrencyOneTheRequestsGoOutInRecordedOrderOneAtATime() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    FlowHook counter = new FlowHook() {
      @Override
      public void requestHeaders(HttpFlow flow) {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      }

      @Override
      public void response(HttpFlow flow) {
        inFlight.decrementAndGet();
      }
    };
    List<Flow> recorded = List.of(get(origin.uri("/1").toString()), get(origin.uri("/2").toString()),
        get(origin.uri("/3").toString()), get(origin.uri("/4").toString()), get(origin.uri("/5").toString()));

    try (ProxyServer proxy = ProxyServer.builder().hook(counter).start();
        ClientReplay replay = ClientReplay.builder(proxy).flows(recorded).start()) {
      assertThat(replay.result().get(20, TimeUnit.SECONDS)).hasSize(5);
    }

    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/1", "/2", "/3", "/4", "/5");
    assertThat(most).hasValue(1);
  }

  @Test
  void withConcurrencyNThatManyRequestsAreInFlightAtOnce() throws Exception {
    try (GateOrigin gate = GateOrigin.start(3)) {
      List<Flow> recorded = List.of(get(gate.url("/a")), get(gate.url("/b")), get(gate.url("/c")));

      List<Flow> replayed = replay(recorded, 3);

      assertThat(replayed).extracting(flow -> flow.response().text()).containsOnly("together");
      assertThat(gate.arrivals()).containsExactlyInAnyOrder("/a", "/b", "/c");
    }
  }

  @Test
  void unlimitedConcurrencySendsEveryRequestAtOnce() throws Exception {
    try (GateOrigin gate = GateOrigin.start(4)) {
      List<Flow> recorded = List.of(get(gate.url("/1")), get(gate.url("/2")), get(gate.url("/3")),
          get(gate.url("/4")));

      List<Flow> replayed = replay(recorded, ClientReplay.UNLIMITED);

      assertThat(replayed).extracting(flow -> flow.response().statusCode()).containsOnly(200);
    }
  }

  @Test
  void theProgressCallbackCountsEveryFinishedFlowAgainstTheTotal() throws Exception {
    List<String> progress = new CopyOnWriteArrayList<>();
    List<Flow> recorded = List.of(get(origin.uri("/x").toString()), get(origin.uri("/y").toString()),
        get(origin.uri("/z").toString()));

    try (ProxyServer proxy = ProxyServer.builder().start();
        ClientReplay replay = ClientReplay.builder(proxy).flows(recorded)
            .onProgress((done, total, flow) -> progress.add(done + "/" + total + " " + flow.request().path()))
            .start()) {
      replay.result().get(20, TimeUnit.SECONDS);
      assertThat(replay.done()).isEqualTo(3);
      assertThat(replay.total()).isEqualTo(3);
    }

    assertThat(progress).containsExactly("1/3 /x", "2/3 /y", "3/3 /z");
  }

  @Test
  void anUnreachableUpstreamIsThatFlowsErrorAndTheReplayGoesOn() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<Flow> recorded = List.of(get("http://127.0.0.1:" + closedPort + "/gone"), get(origin.uri("/here").toString()));

    List<Flow> replayed = replay(recorded, 1);

    assertThat(replayed.get(0).error().kind()).isEqualTo(FlowError.Kind.CONNECT_FAILED);
    assertThat(replayed.get(0).error().message()).contains("127.0.0.1:" + closedPort);
    assertThat(replayed.get(1).response().statusCode()).isEqualTo(200);
  }

  @Test
  void requestBodiesArriveByteForByte() throws Exception {
    byte[] body = new byte[300 * 1024];
    new Random(42).nextBytes(body);
    HttpRequest request = ReplayFlows.request("POST", origin.uri("/upload").toString(), "application/octet-stream", null);
    request.setRawContent(body);
    Path file = dir.resolve("upload.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(ReplayFlows.recorded(request, "stored"));
    }

    Flow replayed;
    try (ProxyServer proxy = ProxyServer.builder().start();
        ClientReplay replay = ClientReplay.builder(proxy).flowsFrom(file).start()) {
      replayed = replay.result().get(20, TimeUnit.SECONDS).get(0);
    }

    assertThat(sha256(origin.take().body())).isEqualTo(sha256(body));
    assertThat(sha256(replayed.response().rawContent())).isEqualTo(sha256(body));
    assertThat(sha256(replayed.request().rawContent())).isEqualTo(sha256(body));
  }

  @Test
  void aCorruptDumpFailsWithTheFileAndTheOffsetOfTheBadRecord() throws Exception {
    Path file = dir.resolve("broken.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(get(origin.uri("/fine").toString()));
    }
    long goodBytes = Files.size(file);
    Files.write(file, "12:not a record".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        java.nio.file.StandardOpenOption.APPEND);

    try (ProxyServer proxy = ProxyServer.builder().start()) {
      FlowReadException e = catchThrowableOfType(FlowReadException.class,
          () -> ClientReplay.builder(proxy).flowsFrom(file));

      assertThat(e.offset()).isEqualTo(goodBytes);
      assertThat(e.getMessage()).contains(file.toString()).contains("byte " + goodBytes);
    }
  }

  @Test
  void harFilesAreReplayedToo() throws Exception {
    Path har = dir.resolve("session.har");
    Har.write(har, List.of(ReplayFlows.recorded(
        ReplayFlows.request("POST", origin.uri("/from-har").toString(), "application/json", "{\"a\":1}"), "old")));

    Flow replayed;
    try (ProxyServer proxy = ProxyServer.builder().start();
        ClientReplay replay = ClientReplay.builder(proxy).flowsFrom(har).start()) {
      replayed = replay.result().get(20, TimeUnit.SECONDS).get(0);
    }

    assertThat(replayed.response().text()).isEqualTo("{\"a\":1}");
    EchoOrigin.Seen seen = origin.take();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void withAnticacheTheReplayedRequestsAskForCompleteResponses() throws Exception {
    HttpRequest conditional = ReplayFlows.get(origin.uri("/cached").toString());
    conditional.headers().set("If-None-Match", "\"v1\"");
    conditional.headers().set("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT");

    try (ProxyServer proxy = ProxyServer.builder().anticache().start();
        ClientReplay replay = ClientReplay.builder(proxy).flows(List.of(ReplayFlows.recorded(conditional, "304"))).start()) {
      assertThat(replay.result().get(20, TimeUnit.SECONDS).get(0).response().statusCode()).isEqualTo(200);
    }

    EchoOrigin.Seen seen = origin.take();
    assertThat(seen.header("If-None-Match")).isNull();
    assertThat(seen.header("If-Modified-Since")).isNull();
    assertThat(conditional.headers().get("If-None-Match")).isEqualTo("\"v1\"");
  }

  @Test
  void websocketFlowsAreSkippedAsMitmproxySkipsThem() throws Exception {
    List<Flow> recorded = List.of(StoredFlows.webSocket(1), get(origin.uri("/ok").toString()));

    try (ProxyServer proxy = ProxyServer.builder().start();
        ClientReplay replay = ClientReplay.builder(proxy).flows(recorded).start()) {
      assertThat(replay.result().get(20, TimeUnit.SECONDS)).extracting(flow -> flow.request().path())
          .containsExactly("/ok");
      assertThat(replay.skipped()).isEqualTo(1);
      assertThat(replay.total()).isEqualTo(1);
    }
  }

  @Test
  void closingStopsTheReplayAndHangsUpOnTheRequestInFlight() throws Exception {
    CountDownLatch aborted = new CountDownLatch(1);
    try (GateOrigin gate = GateOrigin.start(2);
        ProxyServer proxy = ProxyServer.builder()
            .hook(FlowHook.onError(flow -> {
              if (flow.error().kind() == FlowError.Kind.CLIENT_ABORTED) {
                aborted.countDown();
              }
            })).start()) {
      ClientReplay replay = ClientReplay.builder(proxy)
          .flows(List.of(get(gate.url("/1")), get(gate.url("/2")), get(gate.url("/3")))).start();
      assertThat(gate.awaitFirst()).isTrue();

      replay.close();

      assertThat(aborted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(replay.result()).isCancelled();
      assertThatThrownBy(() -> replay.result().get()).isInstanceOf(CancellationException.class);
      assertThat(gate.arrivals()).containsExactly("/1");
      assertThat(replay.done()).isZero();
    }
  }

  @Test
  void aConcurrencyBelowOneOtherThanUnlimitedIsRefused() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().start()) {
      assertThatThrownBy(() -> ClientReplay.builder(proxy).concurrency(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
    }
  }

  private static List<Flow> replay(List<Flow> recorded, int concurrency) throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().start();
        ClientReplay replay = ClientReplay.builder(proxy).flows(recorded).concurrency(concurrency).start()) {
      return replay.result().get(20, TimeUnit.SECONDS);
    }
  }

  private static Flow get(String url) {
    return ReplayFlows.recorded(ReplayFlows.get(url), "recorded");
  }

  private static void send(HttpClient client, java.net.URI uri, String body) throws Exception {
    int status = client.send(java.net.http.HttpRequest.newBuilder(uri)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString()).statusCode();
    assertThat(status).isEqualTo(200);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
