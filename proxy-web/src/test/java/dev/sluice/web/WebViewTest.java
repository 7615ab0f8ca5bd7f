package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Flow;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawClient;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.Har;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The web view's server seen by plain HTTP clients: who it answers, its API, its downloads and its live events. */
class WebViewTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ViewerOrigin origin;
  private static WebView view;
  private static ViewedProxy viewed;
  private static HttpClient throughProxy;
  private static final HttpClient direct = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    viewed = ViewedProxy.start();
    origin = viewed.origin();
    view = viewed.view();
    throughProxy = JdkClients.via(viewed.proxy());
  }

  @AfterAll
  static void stop() throws Exception {
    viewed.close();
  }

  @Test
  void listensOnLoopbackAndPrintsAUrlWithA128BitToken() {
    assertThat(view.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(view.uri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}");
  }

  @Test
  void servesThePageOnlyWithItsToken() throws Exception {
    HttpResponse<String> page = get(view.uri());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .startsWith("default-src 'none'; script-src 'sha256-").contains("connect-src 'self'");
    assertThat(page.body()).contains("<div id=\"app\"></div>").doesNotContain("src=\"http");

    URI base = view.uri().resolve("/");
    for (URI refused : List.of(base, base.resolve("/api/flows"), base.resolve("/api/events"),
        base.resolve("/api/flows.har?token=0123456789abcdef0123456789abcdef"), base.resolve("/api/flows?token="))) {
      HttpResponse<String> answer = get(refused);
      assertThat(answer.statusCode()).as(refused.toString()).isEqualTo(403);
      assertThat(answer.body()).as(refused.toString()).contains("token");
    }
  }

  @Test
  void refusesARequestNamingAnotherHostAsADnsRebindingPageWould() {
    String path = "/" + view.uri().toString().substring(view.uri().toString().indexOf('?'));
    try (RawClient raw = RawClient.connect(view.address())) {
      raw.send("GET " + path + " HTTP/1.1\r\nHost: rebound.example:" + view.address().getPort() + "\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 403 Forbidden").contains("Host rebound.example:")
          .contains("DNS rebinding");
    }
    try (RawClient raw = RawClient.connect(view.address())) {
      raw.send("GET " + path + " HTTP/1.1\r\nHost: localhost:" + view.address().getPort() + "\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 OK");
    }
  }

  @Test
  void listsTheFlowsAFilterMatchesAndSaysWhereABadFilterWentWrong() throws Exception {
    throughProxy.send(HttpRequest.newBuilder(origin.uri("/status/418?listing")).build(), BodyHandlers.discarding());
    throughProxy.send(HttpRequest.newBuilder(origin.uri("/order?listing")).build(), BodyHandlers.discarding());

    JsonNode teapots = json(api("/api/flows", "~c 418 & ~u listing"));
    assertThat(teapots.get("flows")).singleElement().satisfies(flow -> {
      assertThat(flow.get("url").asText()).isEqualTo(origin.uri("/status/418?listing").toString());
      assertThat(flow.get("status").asInt()).isEqualTo(418);
      assertThat(flow.get("method").asText()).isEqualTo("GET");
      assertThat(flow.get("httpVersion").asText()).isEqualTo("HTTP/1.1");
    });

    HttpResponse<String> bad = get(api("/api/flows", "~c 418 &"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").asText()).contains("~c 418 &");
  }

  @Test
  void givesOneFlowInDetailAndA404ForAnUnknownId() throws Exception {
    throughProxy.send(HttpRequest.newBuilder(origin.uri("/trailers?detail")).build(), BodyHandlers.discarding());
    String id = json(api("/api/flows", "~u trailers.detail")).get("flows").get(0).get("id").asText();

    JsonNode detail = json(get(view.uri().resolve("/api/flows/" + id + "?" + view.uri().getQuery())));
    assertThat(detail.at("/response/firstLine").asText()).isEqualTo("HTTP/1.1 200 OK");
    assertThat(detail.at("/response/trailers/0/0").asText()).isEqualTo("X-Checksum");
    assertThat(detail.at("/response/body/base64").asText()).isEqualTo("aGVsbG8=");

    HttpResponse<String> missing = get(view.uri().resolve("/api/flows/nope?" + view.uri().getQuery()));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).isEqualTo("no flow nope");
  }

  @Test
  void downloadsTheFlowsShownAsHarAndAsADumpThatProxyReplayReadsBack() throws Exception {
    throughProxy.send(HttpRequest.newBuilder(origin.uri("/order?download")).build(), BodyHandlers.discarding());
    throughProxy.send(HttpRequest.newBuilder(origin.uri("/blob?download")).build(), BodyHandlers.discarding());

    HttpResponse<byte[]> har = direct.send(HttpRequest.newBuilder(api("/api/flows.har", "~u order.download")).build(),
        BodyHandlers.ofByteArray());
    assertThat(har.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"flows.har\"");
    List<Flow> fromHar = Har.read(new ByteArrayInputStream(har.body()), "flows.har");
    assertThat(fromHar).singleElement().satisfies(flow -> assertThat(flow.response().text()).isEqualTo(ViewerOrigin.ORDER_JSON));

    HttpResponse<InputStream> dump = direct.send(HttpRequest.newBuilder(api("/api/flows.mitm", "~u download")).build(),
        BodyHandlers.ofInputStream());
    try (FlowReader reader = FlowReader.of(dump.body(), "flows.mitm")) {
      assertThat(reader.readAll()).extracting(flow -> flow.request().path()).containsExactly("/order?download", "/blob?download");
    }
  }

  @Test
  @Timeout(60)   // a stream that never sends would otherwise hang the build
  void streamsEachNewMatchingFlowAsAServerSentEvent() throws Exception {
    HttpResponse<InputStream> events = direct.send(HttpRequest.newBuilder(
        URI.create(api("/api/events", "~u streamed") + "&since=" + json(api("/api/flows", "")).get("seq").asLong())).build(),
        BodyHandlers.ofInputStream());
    assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");

    throughProxy.send(HttpRequest.newBuilder(origin.uri("/not-this-one")).build(), BodyHandlers.discarding());
    throughProxy.send(HttpRequest.newBuilder(origin.uri("/streamed")).build(), BodyHandlers.discarding());

    try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      List<String> event = new ArrayList<>();
      for (String line; (line = lines.readLine()) != null && !line.isEmpty(); ) {
        event.add(line);
      }
      assertThat(event).hasSize(3);
      assertThat(event.get(0)).matches("id: \\d+");
      assertThat(event.get(1)).isEqualTo("event: flow");
      assertThat(JSON.readTree(event.get(2).substring("data: ".length())).get("url").asText())
          .isEqualTo(origin.uri("/streamed").toString());
    }
  }

  @Test
  void isReadOnly() throws Exception {
    HttpResponse<String> post = direct.send(HttpRequest.newBuilder(view.uri()).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(json(post).get("error").asText()).contains("read-only");
  }

  private static URI api(String path, String filter) {
    return view.uri().resolve(path + "?" + view.uri().getRawQuery() + "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return direct.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
  }

  private static JsonNode json(URI uri) throws Exception {
    return json(get(uri));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}
