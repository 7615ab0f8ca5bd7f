package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.cli.internal.CliOptions;
import dev.sluice.cli.internal.OptionsListing;
import dev.sluice.core.options.Option;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern LISTENING = Pattern.compile("listening at (?:http|socks5h)://127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path confdir;

  private final LineCollector out = new LineCollector();
  private final LineCollector err = new LineCollector();
  private final CountDownLatch stop = new CountDownLatch(1);
  private HttpServer origin;
  private final List<String> originRequests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", exchange -> {
      originRequests.add(exchange.getRequestURI().toString());
      byte[] body = ("hello from " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopAll() {
    stop.countDown();
    origin.stop(0);
  }

  @Test
  void proxiesARequestAndPrintsOneLinePerFlow() throws Exception {
    CompletableFuture<Integer> exit = run("-p", "0");
    int port = listeningPort();

    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(originUri("/hello")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello from /hello");
    String line = out.await(l -> l.contains(" GET "), TIMEOUT);
    assertThat(line).matches("127\\.0\\.0\\.1:\\d+ GET " + Pattern.quote(originUri("/hello").toString())
        + " << 200 OK 17b \\d+ms");
    stop.countDown();
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  @Test
  void curlThroughTheCommandLineProxyWorks() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    run("-p", "0");
    int port = listeningPort();

    Process curl = new ProcessBuilder("curl", "-sS", "-x", "http://127.0.0.1:" + port, originUri("/curl").toString())
        .redirectErrorStream(true).start();
    assertThat(curl.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from /curl");
    assertThat(out.await(l -> l.contains(" GET "), TIMEOUT)).contains("/curl << 200 OK");
  }

  @Test
  void createsTheCaOnFirstStartAndCurlTrustsItOverHttps() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    CertificateAuthority originCa = CertificateAuthority.ephemeral();
    HttpsServer httpsOrigin = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    httpsOrigin.setHttpsConfigurator(new HttpsConfigurator(originCa.serverSslContext("localhost")));
    httpsOrigin.createContext("/", exchange -> {
      byte[] body = "secret".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    httpsOrigin.start();
    try {
      run("-p", "0", "--ssl-insecure");
      int port = listeningPort();
      Path caPem = confdir.resolve("sluice-ca-cert.pem");
      assertThat(out.await(l -> l.startsWith("Trust it with curl:"), TIMEOUT))
          .isEqualTo("Trust it with curl: curl --cacert " + caPem + " -x http://127.0.0.1:" + port + " https://example.org/");
      assertThat(confdir.resolve("sluice-ca.pem")).exists();

      Process curl = new ProcessBuilder("curl", "-sS", "--cacert", caPem.toString(), "-x", "http://127.0.0.1:" + port,
          "https://localhost:" + httpsOrigin.getAddress().getPort() + "/tls").redirectErrorStream(true).start();
      assertThat(curl.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secret");
      assertThat(out.await(l -> l.contains(" GET "), TIMEOUT)).contains("GET https://localhost:").contains("/tls << 200 OK");
    } finally {
      httpsOrigin.stop(0);
    }
  }

  @Test
  void aCorruptCaFileExitsWithStatusOneNamingItBeforeTheProxySaysItListens() throws Exception {
    Files.createDirectories(confdir);
    Files.writeString(confdir.resolve("sluice-ca.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    assertThat(run("-p", "0").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(String.join("\n", err.all())).contains("sluice-ca.pem");
    assertThat(out.all()).noneMatch(line -> line.contains("listening"));
  }

  @Test
  void aCaDirectoryThatCannotBeCreatedExitsWithStatusOneAndNamesIt() throws Exception {
    Path file = Files.writeString(confdir.resolve("not-a-directory"), "x");
    assertThat(run("-p", "0", "--set", "confdir=" + file.resolve("ca")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(String.join("\n", err.all())).contains("not-a-directory");
  }

  @Test
  void quietPrintsNoFlowLines() throws Exception {
    run("-q", "--set", "listen_port=0");
    int port = listeningPort();
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
    assertThat(client.send(HttpRequest.newBuilder(originUri("/q")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
    stop.countDown();
    assertThat(out.all()).noneMatch(l -> l.contains(" GET "));
  }

  @Test
  void reverseModeFromTheCommandLineForwardsToTheTarget() throws Exception {
    run("-p", "0", "-m", "reverse:http://127.0.0.1:" + origin.getAddress().getPort());
    int port = listeningPort();
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reverse")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("hello from /reverse");
  }

  @Test
  void socks5ModeFromTheCommandLineServesCurlWithSocks5Hostname() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    run("-p", "0", "-m", "socks5");
    int port = listeningPort();
    assertThat(out.all()).anyMatch(line -> line.equals("Sluice socks5 proxy listening at socks5h://127.0.0.1:" + port));

    Process curl = new ProcessBuilder("curl", "-sS", "--socks5-hostname", "127.0.0.1:" + port,
        "http://localhost:" + origin.getAddress().getPort() + "/socks").redirectErrorStream(true).start();
    assertThat(curl.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from /socks");
    assertThat(out.await(l -> l.contains(" GET "), TIMEOUT)).contains("http://localhost:" + origin.getAddress().getPort()
        + "/socks << 200 OK");
  }

  @Test
  void aClientCertsFileThatIsNoKeyAndCertificateExitsWithStatusTwoAndNamesIt() throws Exception {
    Path notPem = Files.writeString(confdir.resolve("client.pem"), "not a certificate\n");

    assertThat(run("--set", "client_certs=" + notPem).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("client_certs: " + notPem + ": expected one private key, found 0");
  }

  @Test
  void anUnknownFlagExitsWithStatusTwoAndNamesIt() throws Exception {
    assertThat(run("--frobnicate").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("--frobnicate");
  }

  @Test
  void anUnknownSetOptionExitsWithStatusTwoAndNamesIt() throws Exception {
    assertThat(run("--set", "no_such_option=1").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("unknown option \"no_such_option\"");
  }

  @Test
  void aMisspeltSetOptionExitsWithStatusTwoAndSuggestsTheNearestName() throws Exception {
    assertThat(run("--set", "anticahce=true").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("unknown option \"anticahce\"; did you mean \"anticache\"?");
  }

  @Test
  void optionsPrintsEveryRegisteredOptionWithItsTypeDefaultAndHelpSortedByName() throws Exception {
    assertThat(run("--options").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();

    String listing = String.join("\n", out.all());
    List<String> blocks = List.of(listing.split("\n\n"));
    List<String> names = new ArrayList<>();
    for (String block : blocks) {
      List<String> lines = List.of(block.strip().split("\n"));
      String last = lines.get(lines.size() - 1);
      String name = last.substring(0, last.indexOf(':'));
      Option<?> option = CliOptions.REGISTRY.get(name);
      String comment = lines.subList(0, lines.size() - 1).stream().map(line -> line.substring(2))
          .collect(Collectors.joining(" "));
      assertThat(comment).as(name).isEqualTo(OptionsListing.describe(option)).contains(option.help(), option.type());
      assertThat(last).as(name).isEqualTo((name + ": " + defaultText(option)).strip());
      names.add(name);
    }
    assertThat(names).isSorted().containsExactlyInAnyOrderElementsOf(
        CliOptions.REGISTRY.options().stream().map(Option::name).toList());
    assertThat(listing).contains("listen_port: 8080", "body_size_limit: 64m", "anticache: false", "modify_headers: []",
        "Older name: setheaders.", "connection_strategy: eager", "\nproxyauth:\n", "confdir: ~/.sluice");
  }

  private static <T> String defaultText(Option<T> option) {
    return option.format(option.defaultValue());
  }

  @Test
  void aBadModeExitsWithStatusTwoAndQuotesIt() throws Exception {
    assertThat(run("-m", "sideways:http://x").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(String.join("\n", err.all())).contains("sideways:http://x");
  }

  @Test
  void aPortInUseExitsWithStatusOneAndNamesTheAddress() throws Exception {
    int taken = origin.getAddress().getPort();
    assertThat(run("-p", Integer.toString(taken)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(String.join("\n", err.all())).contains("127.0.0.1:" + taken);
  }

  @Test
  void mapLocalAndBlockListAnswerWithoutTheOriginAndBlockedFlowsAreRecorded(@TempDir Path dir) throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("app.js"), "local();");
    Path har = dir.resolve("session.har");
    String originBase = "//127.0.0.1:" + origin.getAddress().getPort();
    CompletableFuture<Integer> exit = run("-p", "0", "--map-local", "|" + originBase + "/static/|" + site,
        "--block-list", "|~u /ads/|404", "--block-list", "|~u /track|444", "-w", har.toString());
    int port = listeningPort();
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();

    HttpResponse<String> local = client.send(HttpRequest.newBuilder(originUri("/static/app.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> ad = client.send(HttpRequest.newBuilder(originUri("/ads/1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(originUri("/track")).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(originUri("/page")).build(),
        HttpResponse.BodyHandlers.ofString());
    stop.countDown();
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();

    assertThat(local.body()).isEqualTo("local();");
    assertThat(local.headers().firstValue("Content-Type")).hasValue("text/javascript");
    assertThat(ad.statusCode()).isEqualTo(404);
    assertThat(page.body()).isEqualTo("hello from /page");
    assertThat(originRequests).containsExactly("/page");
    assertThat(Files.readString(har)).contains("/static/app.js", "/ads/1", "/track", "/page", "Connection killed.");
  }

  @Test
  void mapRemoteAndHostsSendRequestsElsewhere() throws Exception {
    run("-p", "0", "-M", "|/old/|/new/", "--hosts", "origin.example.test=127.0.0.1");
    int port = listeningPort();
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://origin.example.test:" + origin.getAddress().getPort() + "/old/x")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("hello from /new/x");
    assertThat(out.await(l -> l.contains(" GET "), TIMEOUT)).contains("GET http://origin.example.test:")
        .contains("/new/x << 200 OK");
  }

  @Test
  void aBadSpecOrHostEntryExitsWithStatusTwoAndNamesIt(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing");
    assertThat(run("--map-local", "|x|" + missing).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(run("--block-list", "/~u ads/four-oh-four").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(run("-M", "|(a)|\\2").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(run("--hosts", "origin.example.test").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);

    assertThat(String.join("\n", err.all())).contains(
        "map_local: spec \"|x|" + missing + "\": no such file or directory: " + missing,
        "block_list: spec \"/~u ads/four-oh-four\": status \"four-oh-four\" is not a number",
        "map_remote: spec \"|(a)|\\2\": replacement \"\\2\": \\2 refers to group 2, but the regex has 1 group",
        "hosts: \"origin.example.test\": expected name=address");
  }

  /** Runs the command line in this JVM, its CA kept in a temporary directory instead of ~/.sluice. */
  private CompletableFuture<Integer> run(String... args) {
    String[] withConfdir = Stream.concat(Stream.of("--set", "confdir=" + confdir), Stream.of(args)).toArray(String[]::new);
    return CompletableFuture.supplyAsync(() -> Main.execute(withConfdir, out.stream, err.stream, stop));
  }

  private int listeningPort() throws InterruptedException {
    Matcher m = LISTENING.matcher(out.await(l -> LISTENING.matcher(l).find(), TIMEOUT));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private URI originUri(String path) {
    return URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + path);
  }
}
