package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.replay.FlowWriter;
import dev.sluice.replay.Har;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's --web (the live web view, --set web_port / web_host) and --report (an HTML report of a file's flows). */
class WebCommandTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern LISTENING = Pattern.compile("proxy listening at http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern WEB = Pattern.compile("^Web view listening at (http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32})$");

  @TempDir
  Path dir;

  private final LineCollector out = new LineCollector();
  private final LineCollector err = new LineCollector();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final EchoOrigin origin = EchoOrigin.start();
  private final HttpClient direct = HttpClient.newHttpClient();

  @AfterEach
  void stopAll() {
    stop.countDown();
    origin.close();
  }

  @Test
  void webServesTheProxysFlowsAtThePrintedUrlAndNothingWithoutItsToken() throws Exception {
    CompletableFuture<Integer> exit = run("-p", "0", "--web", "--set", "web_port=0");
    URI page = webUri();
    int port = proxyPort();

    HttpClient client = JdkClients.via(new InetSocketAddress("127.0.0.1", port));
    client.send(HttpRequest.newBuilder(origin.uri("/seen-in-the-browser")).build(), BodyHandlers.discarding());

    assertThat(get(page).body()).contains("<div id=\"app\"></div>");
    assertThat(get(page.resolve("/api/flows?" + page.getRawQuery())).body()).contains(origin.uri("/seen-in-the-browser").toString());
    assertThat(get(page.resolve("/api/flows")).statusCode()).isEqualTo(403);
    stop.countDown();
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  @Test
  void webShowsTheFlowsReadWithDashRAndKeepsServingThemWithDashN() throws Exception {
    Path in = dir.resolve("in.har");
    Har.write(in, List.of(recorded("GET", "/from-the-file"), recorded("POST", "/posted")));

    CompletableFuture<Integer> exit = run("-n", "-r", in.toString(), "--web", "--set", "web_port=0", "~m POST");
    URI page = webUri();

    String flows = get(page.resolve("/api/flows?" + page.getRawQuery())).body();
    assertThat(flows).contains("http://example.com/posted").doesNotContain("from-the-file");
    assertThat(exit).isNotDone();
    stop.countDown();
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aWebPortInUseFailsTheStartNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int exit = run("-p", "0", "--web", "--set", "web_port=" + taken.getLocalPort()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(exit).isEqualTo(1);
      assertThat(err.await(line -> line.startsWith("sluice: "), TIMEOUT))
          .startsWith("sluice: the web view cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void reportWritesTheFlowsTheFilterSelectsFromADumpAsOneHtmlFile() throws Exception {
    Path in = dir.resolve("in.mitm");
    try (FlowWriter writer = FlowWriter.append(in)) {
      writer.write(recorded("GET", "/listed"));
      writer.write(recorded("DELETE", "/left-out"));
    }
    Path report = dir.resolve("reports/in.html");

    assertThat(run("-n", "-r", in.toString(), "--report", report.toString(), "~m GET").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();

    assertThat(out.all()).contains("Report of 1 flow(s) written to " + report);
    String html = Files.readString(report);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>in.mitm</title>")
        .contains("<script type=\"application/json\" id=\"sluice-report\">")
        .contains("http://example.com/listed").doesNotContain("left-out");
  }

  @Test
  void reportNeedsAFileToRead() throws Exception {
    assertThat(run("-n", "--report", dir.resolve("r.html").toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(err.all()).contains("sluice: --report needs -r FILE: it reports the flows read from a file");
  }

  private CompletableFuture<Integer> run(String... args) {
    return CompletableFuture.supplyAsync(() -> Main.execute(args, out.stream, err.stream, stop, Map.of("HOME", dir.toString())));
  }

  private URI webUri() throws InterruptedException {
    Matcher m = WEB.matcher(out.await(line -> WEB.matcher(line).matches(), TIMEOUT));
    assertThat(m.matches()).isTrue();
    return URI.create(m.group(1));
  }

  private int proxyPort() throws InterruptedException {
    Matcher m = LISTENING.matcher(out.await(line -> LISTENING.matcher(line).find(), TIMEOUT));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return direct.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
  }

  private static Flow recorded(String method, String path) {
    return Flow.builder()
        .client(ClientConnection.of(new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 8080)))
        .request(Request.builder().method(method).url("http://example.com" + path).build())
        .response(Response.of(200, "text/plain", "recorded " + path))
        .build();
  }
}
