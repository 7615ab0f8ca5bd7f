package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.web.testing.Browser;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.Har;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live web view in a real browser: flows through a real proxy to a real origin appear as they
 * finish, the filter box narrows them, the detail view shows each kind of body, downloads hold
 * what is shown, and thousands of flows keep only the rows on screen in the page. Takes the
 * README's screenshot of the live view ({@code target/screenshots/web-view.png}).
 */
class WebViewBrowserTest {

  @RegisterExtension
  static final Browser browser = Browser.perClass();

  private static ViewerOrigin origin;
  private static WebView view;
  private static ViewedProxy viewed;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    viewed = ViewedProxy.start();
    origin = viewed.origin();
    view = viewed.view();
    client = JdkClients.via(viewed.proxy());
  }

  @AfterAll
  static void stop() throws Exception {
    viewed.close();
  }

  @Test
  void rowsAppearAsFlowsFinishAndTheFilterNarrowsThemWithMitmproxysLanguage() throws Exception {
    browser.open(view.uri());
    browser.filter("~u live");

    send("/order?live");
    showsExactly("/order?live");
    assertThat(browser.rows()).singleElement().asString()
        .contains("GET").contains(origin.uri("/order?live").toString()).contains("200").contains("HTTP/1.1");
    send("/status/404?live");
    send("/logo.png?live");
    showsExactly("/order?live", "/status/404?live", "/logo.png?live");
    assertThat(browser.await(".count").getText()).isEqualTo("3 flows");

    browser.filter("~u live & ~c 404");
    showsExactly("/status/404?live");
    assertThat(browser.rows()).singleElement().asString().contains("404");

    browser.filter("~u live & ~c");
    assertThat(browser.await(".problem").getText()).startsWith("Bad filter: ")
        .contains("at position 12 in filter expression:\n  ~u live & ~c\n              ^");
    browser.filter("~u live & !~c 404");
    showsExactly("/order?live", "/logo.png?live");
    assertThat(browser.all(".problem")).isEmpty();
  }

  @Test
  void theDetailViewShowsHeadersTrailersPrettyJsonAnImageHexAndWebsocketMessages() throws Exception {
    for (String path : List.of("/trailers?detail", "/logo.png?detail", "/blob?detail", "/order?detail")) {
      send(path);
    }
    view.show(webSocketFlow());
    browser.open(view.uri());
    browser.filter("~u detail");
    showsExactly("/trailers?detail", "/logo.png?detail", "/blob?detail", "/order?detail", "/chat?detail");

    browser.select("/order?detail");
    assertThat(browser.await(".detail-response .body-json pre").getText())
        .isEqualTo("{\n  \"order\": 7,\n  \"items\": [\n    \"tea\",\n    \"cake\"\n  ],\n  \"paid\": true\n}");
    assertThat(browser.await(".detail-response table.headers").getText()).contains("Content-Type application/json");
    assertThat(browser.await(".detail-request .first-line").getText()).isEqualTo("GET " + origin.uri("/order?detail") + " HTTP/1.1");
    assertThat(browser.await(".detail-timing").getText()).contains("request started").contains("response complete");
    browser.screenshot("web-view");

    browser.select("/trailers?detail");
    assertThat(browser.await(".detail-response table.trailers").getText()).isEqualTo("X-Checksum 5d41402a");
    assertThat(browser.await(".detail-response .body-text pre").getText()).isEqualTo("hello");

    browser.select("/logo.png?detail");
    Object width = browser.await(d -> browser.script("const img = document.querySelector('.detail-response .body-image img');"
        + " return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : null;"));
    assertThat(width).isEqualTo(8L);

    browser.select("/blob?detail");
    assertThat(browser.await(".detail-response .body-hex pre").getText())
        .startsWith("00000000  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  |................|")
        .contains("00000040  40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|");

    browser.select("/chat?detail");
    assertThat(browser.await(".detail-websocket").getText())
        .containsSubsequence("client → server text", "hello server", "server → client binary", "00000000  01 02",
            "closed by the client: 1000 done");
    assertThat(browser.rows()).anySatisfy(row -> assertThat(row).contains("WS").contains("/chat?detail"));
  }

  @Test
  void theDownloadLinksHoldTheFlowsTheFilterShows() throws Exception {
    send("/order?case=shown");
    send("/status/500?case=shown");
    browser.open(view.uri());
    browser.filter("~u case=shown & ~c 500");
    showsExactly("/status/500?case=shown");

    URI har = URI.create(browser.await(d -> hrefWhenFiltered("a.download-har", "~c 500")));
    try (InputStream in = HttpClient.newHttpClient().send(HttpRequest.newBuilder(har).build(), BodyHandlers.ofInputStream()).body()) {
      assertThat(Har.read(in, "flows.har")).singleElement()
          .satisfies(flow -> assertThat(flow.request().path()).isEqualTo("/status/500?case=shown"));
    }
    URI dump = URI.create(browser.await(d -> hrefWhenFiltered("a.download-dump", "~c 500")));
    try (InputStream in = HttpClient.newHttpClient().send(HttpRequest.newBuilder(dump).build(), BodyHandlers.ofInputStream()).body();
        FlowReader reader = FlowReader.of(in, "flows.mitm")) {
      assertThat(reader.readAll()).singleElement().satisfies(flow -> assertThat(flow.response().statusCode()).isEqualTo(500));
    }
  }

  @Test
  void thousandsOfFlowsKeepOnlyTheRowsOnScreenInThePage() throws Exception {
    int count = 3000;
    try (WebView busy = WebView.builder().port(0).start()) {
      for (int i = 1; i <= count; i++) {
        busy.show(Flow.builder().client(client()).request(Request.builder().url("http://bulk.test/item/" + i).build())
            .response(Response.of(200, "text/plain", "item " + i)).build());
      }
      browser.open(busy.uri());
      browser.await(d -> browser.await(".count").getText().equals(count + " flows"));

      List<String> rendered = browser.rowUrls();
      assertThat(rendered.size()).isBetween(10, 100);
      assertThat(rendered.get(rendered.size() - 1)).isEqualTo("http://bulk.test/item/" + count);   // it follows the newest flow

      browser.script("document.querySelector('.flow-viewport').scrollTop = 0");
      browser.await(d -> browser.rowUrls().get(0).equals("http://bulk.test/item/1"));
      assertThat(browser.rowUrls().size()).isBetween(10, 100);

      busy.show(Flow.builder().client(client()).request(Request.builder().url("http://bulk.test/late").build())
          .response(Response.of(200, "text/plain", "late")).build());
      browser.await(d -> browser.await(".count").getText().equals((count + 1) + " flows"));
    }
  }

  /** Waits until the list shows exactly the flows to {@code paths} on the origin, in that order. */
  private static void showsExactly(String... paths) {
    List<String> urls = Stream.of(paths).map(path -> origin.uri(path).toString()).toList();
    browser.await(d -> browser.rowUrls().equals(urls));
  }

  private static String hrefWhenFiltered(String css, String filterPart) {
    String href = browser.await(css).getAttribute("href");
    return href != null && URLDecoder.decode(href, StandardCharsets.UTF_8).contains(filterPart) ? href : null;
  }

  private static void send(String path) throws Exception {
    client.send(HttpRequest.newBuilder(origin.uri(path)).build(), BodyHandlers.discarding());
  }

  private static ClientConnection client() {
    return ClientConnection.of(new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8080));
  }

  private static Flow webSocketFlow() {
    Instant start = Instant.now();
    WebSocketData data = WebSocketData.builder()
        .message(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello server".getBytes(StandardCharsets.UTF_8), start))
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {1, 2}, start.plusMillis(5)))
        .closed(true, 1000, "done")
        .build();
    return Flow.builder().client(client())
        .request(Request.builder().url(origin.uri("/chat?detail").toString()).header("Upgrade", "websocket").build())
        .response(Response.builder().status(101).header("Upgrade", "websocket").build())
        .webSocket(data)
        .build();
  }
}
