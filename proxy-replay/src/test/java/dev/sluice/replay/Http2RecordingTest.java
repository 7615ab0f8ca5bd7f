package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Flow;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.Http2Origin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A session over HTTP/2 on both sides, recorded: read back, exported to HAR, listed by mitmdump, replayed offline. */
class Http2RecordingTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("HTTP/2 recording origin CA").build();
  @RegisterExtension
  static final Http2Origin origin = Http2Origin.extension(originCa);

  @TempDir
  Path dir;

  @Test
  void anHttp2FlowIsStoredAsHttp2WithItsTrailers() throws Exception {
    Path recording = record();

    List<Flow> flows = FlowReader.readAll(recording);
    assertThat(flows).hasSize(2);
    assertThat(flows).allSatisfy(flow -> {
      assertThat(flow.request().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flow.response().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flow.response().trailers().get("x-checksum")).isEqualTo("abc");
    });
    assertThat(flows.get(1).request().text()).isEqualTo("over h2");
  }

  @Test
  void harEntriesOfAnHttp2FlowSayHttp2() throws Exception {
    Path har = dir.resolve("h2.har");
    Har.write(har, FlowReader.readAll(record()));

    JsonNode entries = new ObjectMapper().readTree(har.toFile()).path("log").path("entries");
    assertThat(entries).hasSize(2);
    for (JsonNode entry : entries) {
      assertThat(entry.path("request").path("httpVersion").asText()).isEqualTo("HTTP/2.0");
      assertThat(entry.path("response").path("httpVersion").asText()).isEqualTo("HTTP/2.0");
    }
    assertThat(Har.read(har)).extracting(flow -> flow.request().httpVersion()).containsOnly("HTTP/2.0");
  }

  @Test
  void mitmdumpReadsTheHttp2FlowsAsHttp2() throws Exception {
    Path mitmdump = onPath("mitmdump");
    assumeTrue(mitmdump != null, "mitmdump is not installed");
    Path recording = record();
    Path script = dir.resolve("versions.py");
    Files.writeString(script, String.join("\n",
        "def response(flow):",
        "    t = flow.response.trailers.get('x-checksum') if flow.response.trailers else '-'",
        "    print(f'FLOW {flow.request.http_version} {flow.request.method} {flow.request.url} '",
        "          f'{flow.response.http_version} {flow.response.status_code} trailer={t}', flush=True)",
        ""));

    Process process = new ProcessBuilder(mitmdump.toString(), "-q", "-n", "-r", recording.toString(),
        "-s", script.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.lines().filter(line -> line.startsWith("FLOW "))).as(output).containsExactly(
        "FLOW HTTP/2.0 GET " + origin.uri("/first?x=1") + " HTTP/2.0 200 trailer=abc",
        "FLOW HTTP/2.0 POST " + origin.uri("/echo") + " HTTP/2.0 200 trailer=abc");
  }

  @Test
  void anHttp2SessionIsReplayedOverHttp2WithTheOriginUnreachable() throws Exception {
    Path recording = record();
    ServerReplayOptions kill = ServerReplayOptions.builder().extra("kill").build();

    // LAZY: the replayed hosts are never dialled, so their absence cannot matter
    try (ProxyServer replay = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY)
        .hook(ServerReplay.fromFile(recording, kill)).start()) {
      HttpClient client = JdkClients.http2Via(replay);
      List<HttpResponse<String>> replies = session().stream().map(request -> send(client, request)).toList();

      assertThat(replies).extracting(HttpResponse::version).containsOnly(HttpClient.Version.HTTP_2);
      assertThat(replies).extracting(HttpResponse::statusCode).containsOnly(200);
      assertThat(replies).extracting(HttpResponse::body).containsExactly("h2 GET /first?x=1 ", "h2 POST /echo over h2");
    }
  }

  /** Records {@link #session()} over HTTP/2 from client to origin; returns the dump. */
  private Path record() throws Exception {
    Path recording = dir.resolve("h2.mitm");
    try (FlowRecorder recorder = FlowRecorder.to(recording);
        ProxyServer proxy = ProxyServer.builder().upstreamTrust(originCa.trustManager()).hook(recorder).start()) {
      HttpClient client = JdkClients.http2Via(proxy);
      for (HttpRequest request : session()) {
        HttpResponse<String> reply = send(client, request);
        assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(reply.headers().firstValue("x-seen-version")).hasValue("2");
      }
    }
    return recording;
  }

  private static List<HttpRequest> session() {
    return List.of(
        HttpRequest.newBuilder(origin.uri("/first?x=1")).build(),
        HttpRequest.newBuilder(origin.uri("/echo")).POST(BodyPublishers.ofString("over h2")).build());
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(request.uri() + " failed", e);
    }
  }

  private static Path onPath(String command) {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(p -> Path.of(p, command)).filter(Files::isExecutable).findFirst().orElse(null);
  }
}
