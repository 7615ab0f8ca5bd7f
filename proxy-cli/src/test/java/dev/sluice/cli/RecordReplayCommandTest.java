package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.FlowWriter;
import dev.sluice.replay.Har;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's -w, -r, -n, -S, --kill, -C, --keepserving, the filter argument and the replay options. */
class RecordReplayCommandTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern LISTENING = Pattern.compile("listening at http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path dir;

  private final LineCollector out = new LineCollector();
  private final LineCollector err = new LineCollector();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final EchoOrigin origin = EchoOrigin.start();

  @AfterEach
  void stopAll() {
    stop.countDown();
    origin.close();
  }

  @Test
  void aSessionRecordedWithDashWIsReplayedWithDashSWhileTheOriginIsDownAndKillDropsTheRest() throws Exception {
    Path session = dir.resolve("session.mitm");
    CountDownLatch recording = new CountDownLatch(1);
    CompletableFuture<Integer> recorder = run(recording, "-p", "0", "-w", session.toString());
    HttpClient client = JdkClients.via(new InetSocketAddress("127.0.0.1", listeningPort()));
    String recorded = client.send(java.net.http.HttpRequest.newBuilder(origin.uri("/recorded"))
        .POST(BodyPublishers.ofString("once")).build(), BodyHandlers.ofString()).body();
    recording.countDown();
    assertThat(recorder.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
    origin.close();

    run(stop, "-p", "0", "-S", session.toString(), "--kill");
    HttpClient replayClient = JdkClients.via(new InetSocketAddress("127.0.0.1", listeningPort()));
    String replayed = replayClient.send(java.net.http.HttpRequest.newBuilder(origin.uri("/recorded"))
        .POST(BodyPublishers.ofString("once")).build(), BodyHandlers.ofString()).body();

    assertThat(replayed).isEqualTo(recorded).isEqualTo("once");
    assertThat(out.await(l -> l.contains(" POST "), TIMEOUT)).contains("/recorded << 200 OK");
    assertThatThrownBy(() -> replayClient.send(java.net.http.HttpRequest.newBuilder(origin.uri("/never")).build(),
        BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  @Test
  void setServerReplayExtraAnswersRequestsNotInTheRecordingWithTheStatus() throws Exception {
    Path session = dir.resolve("empty.mitm");
    write(session);
    run(stop, "-p", "0", "-S", session.toString(), "--set", "server_replay_extra=404");
    HttpClient client = JdkClients.via(new InetSocketAddress("127.0.0.1", listeningPort()));

    java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(origin.uri("/never")).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("not in the recording");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void noServerWithReadFilterAndWriteConvertsTheMatchingFlowsAndPrintsOneLineEach() throws Exception {
    Path in = dir.resolve("in.mitm");
    write(in, flow("GET", "/a", 200), flow("POST", "/b", 201), flow("POST", "/c", 500));
    Path har = dir.resolve("out.har");

    int exit = run(stop, "-n", "-r", in.toString(), "~m POST", "-w", har.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exit).isZero();
    assertThat(out.all()).containsExactly(
        "127.0.0.1:50000 POST http://example.com/b << 201 Created 2b 5ms",
        "127.0.0.1:50000 POST http://example.com/c << 500 Internal Server Error 2b 5ms");
    assertThat(Har.read(har)).extracting(f -> f.request().path()).containsExactly("/b", "/c");
  }

  @Test
  void readingWithoutAFilterPrintsEveryFlowAndTheDumpNameWritesADump() throws Exception {
    Path in = dir.resolve("in.har");
    Har.write(in, java.util.List.of(flow("GET", "/a", 200), flow("PUT", "/b", 204)));
    Path dump = dir.resolve("out.flows");

    assertThat(run(stop, "-n", "-r", in.toString(), "-w", dump.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();

    assertThat(out.all()).hasSize(2).allMatch(l -> l.contains("http://example.com/"));
    assertThat(FlowReader.readAll(dump)).extracting(f -> f.request().method()).containsExactly("GET", "PUT");
  }

  @Test
  void theFlowLineNamesWhereTheRequestWentAndShowhostNamesTheHostHeader() throws Exception {
    Path in = dir.resolve("in.mitm");
    write(in, flow("GET", "https://127.0.0.1:28443/a", "localhost", 200),
        flow("GET", "https://127.0.0.1:28443/b", "localhost:8443", 200));

    assertThat(run(stop, "-n", "-r", in.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(out.all()).extracting(l -> l.substring(0, l.indexOf(" <<"))).containsExactly(
        "127.0.0.1:50000 GET https://127.0.0.1:28443/a",
        "127.0.0.1:50000 GET https://127.0.0.1:28443/b");

    assertThat(run(stop, "-n", "-r", in.toString(), "--set", "showhost=true").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(run(stop, "-n", "-r", in.toString(), "--showhost").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(out.all()).extracting(l -> l.substring(0, l.indexOf(" <<"))).containsExactly(
        "127.0.0.1:50000 GET https://127.0.0.1:28443/a",
        "127.0.0.1:50000 GET https://127.0.0.1:28443/b",
        "127.0.0.1:50000 GET https://localhost/a",
        "127.0.0.1:50000 GET https://localhost:8443/b",
        "127.0.0.1:50000 GET https://localhost/a",
        "127.0.0.1:50000 GET https://localhost:8443/b");
  }

  @Test
  void readingAndWritingTheSameFileIsRefused() throws Exception {
    Path in = dir.resolve("in.mitm");
    write(in, flow("GET", "/a", 200));

    assertThat(run(stop, "-n", "-r", in.toString(), "-w", in.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("same file");
    assertThat(FlowReader.readAll(in)).hasSize(1);
  }

  @Test
  void aMissingReplayFileExitsWithStatusOneAndNamesIt() throws Exception {
    Path missing = dir.resolve("nope.mitm");

    assertThat(run(stop, "-p", "0", "-S", missing.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(String.join("\n", err.all())).contains("nope.mitm");
  }

  @Test
  void aBadServerReplayOptionExitsWithStatusTwoAndNamesIt() throws Exception {
    assertThat(run(stop, "--set", "server_replay_extra=sometimes").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("server_replay_extra");
  }

  @Test
  void noServerWithClientReplaySendsTheRecordedRequestsInOrderPrintsALineEachAndExits() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path session = dir.resolve("session.mitm");
    write(session, replayable("POST", origin.uri("/first").toString(), "one"),
        replayable("GET", "http://127.0.0.1:" + closedPort + "/gone", ""),
        replayable("PUT", origin.uri("/third").toString(), "three"));
    Path again = dir.resolve("again.mitm");

    int exit = run(stop, "-n", "-C", session.toString(), "-w", again.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exit).isZero();
    assertThat(out.all()).hasSize(3);
    assertThat(out.all().get(0)).matches("\\[replay\\] POST http://127\\.0\\.0\\.1:\\d+/first << 200 OK 3b \\d+ms");
    assertThat(out.all().get(1)).startsWith("[replay] GET http://127.0.0.1:" + closedPort + "/gone << error: cannot connect");
    assertThat(out.all().get(2)).startsWith("[replay] PUT ").contains("/third << 200 OK 5b");
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/first", "/third");
    assertThat(FlowReader.readAll(again)).extracting(Flow::replay)
        .containsExactly(ReplayKind.REQUEST, ReplayKind.REQUEST, ReplayKind.REQUEST);
  }

  @Test
  void aListeningProxyWithClientReplayAnnouncesItselfReplaysAndExitsWhenDone() throws Exception {
    Path session = dir.resolve("session.mitm");
    write(session, replayable("GET", origin.uri("/a").toString(), ""), replayable("GET", origin.uri("/b").toString(), ""));

    int exit = run(stop, "-p", "0", "-C", session.toString(), "--set", "client_replay_concurrency=2",
        "--set", "confdir=" + dir).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exit).isZero();
    assertThat(out.all()).anyMatch(l -> LISTENING.matcher(l).find());
    assertThat(out.all()).filteredOn(l -> l.startsWith("[replay] GET ")).hasSize(2);
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactlyInAnyOrder("/a", "/b");
  }

  @Test
  void keepservingKeepsTheProxyUpAfterTheClientReplay() throws Exception {
    Path session = dir.resolve("session.mitm");
    write(session, replayable("GET", origin.uri("/replayed").toString(), ""));

    CompletableFuture<Integer> running = run(stop, "-p", "0", "-C", session.toString(), "--keepserving",
        "--set", "confdir=" + dir);
    HttpClient client = JdkClients.via(new InetSocketAddress("127.0.0.1", listeningPort()));
    assertThat(out.await(l -> l.startsWith("[replay] "), TIMEOUT)).contains("/replayed << 200 OK");
    int live = client.send(java.net.http.HttpRequest.newBuilder(origin.uri("/live")).build(), BodyHandlers.ofString())
        .statusCode();

    assertThat(live).isEqualTo(200);
    assertThat(running).isNotDone();
    stop.countDown();
    assertThat(running.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aCorruptClientReplayFileExitsWithStatusOneNamingTheFileAndTheOffset() throws Exception {
    Path session = dir.resolve("broken.mitm");
    write(session, replayable("GET", origin.uri("/a").toString(), ""));
    long good = java.nio.file.Files.size(session);
    java.nio.file.Files.write(session, "9:junk".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);

    assertThat(run(stop, "-n", "-C", session.toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(String.join("\n", err.all())).contains("broken.mitm").contains("byte " + good);
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void aBadClientReplayConcurrencyExitsWithStatusTwoAndNamesIt() throws Exception {
    assertThat(run(stop, "-n", "--set", "client_replay_concurrency=0").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("client_replay_concurrency");
  }

  /** Runs the command line in this JVM with {@code HOME} in the temporary directory, so its CA never lands in ~/.sluice. */
  private CompletableFuture<Integer> run(CountDownLatch until, String... args) {
    return CompletableFuture.supplyAsync(() -> Main.execute(args, out.stream, err.stream, until, Map.of("HOME", dir.toString())));
  }

  private int listeningPort() throws InterruptedException {
    Matcher m = LISTENING.matcher(out.await(l -> LISTENING.matcher(l).find(), TIMEOUT));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static Flow flow(String method, String path, int status) {
    return flow(method, "http://example.com" + path, "example.com", status);
  }

  /** A recorded flow sent to {@code url} with {@code Host: host} (which may name another server). */
  private static Flow flow(String method, String url, String host, int status) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    return Flow.builder().client(ClientConnection.of(new InetSocketAddress("127.0.0.1", 50000),
            new InetSocketAddress("127.0.0.1", 8080)))
        .request(Request.builder().method(method).url(url).header("Host", host)
            .timestampStart(start).timestampEnd(start).build())
        .response(Response.builder().status(status).content("ok".getBytes(StandardCharsets.UTF_8))
            .header("Content-Length", "2").timestampStart(start.plusMillis(2)).timestampEnd(start.plusMillis(5)).build())
        .build();
  }

  /** A recorded flow whose request can be sent again: {@code method url} with {@code body}. */
  private static Flow replayable(String method, String url, String body) {
    HttpRequest request = Request.builder().method(method).url(url).content(body.getBytes(StandardCharsets.UTF_8)).build();
    request.headers().set("Host", request.authority());
    return Flow.builder().client(ClientConnection.of(new InetSocketAddress("127.0.0.1", 50000),
            new InetSocketAddress("127.0.0.1", 8080)))
        .request(request)
        .response(Response.builder().status(200).content("recorded".getBytes(StandardCharsets.UTF_8)).build())
        .build();
  }

  private static void write(Path file, Flow... flows) throws IOException {
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (Flow flow : flows) {
        writer.write(flow);
      }
    }
  }
}
