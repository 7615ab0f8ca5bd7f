package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.web.testing.Browser;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report in a real browser cut off from the network: it shows its flows with the live view's
 * list and detail, loads nothing, and says when a body was cut. Takes the README's screenshot of
 * a report ({@code target/screenshots/report.png}).
 */
class FlowReportBrowserTest {

  @RegisterExtension
  static final Browser browser = Browser.perClass();

  @TempDir
  Path dir;

  @Test
  void aReportOpensWithNoNetworkAndShowsItsFlowsInTheListAndDetailViews() throws Exception {
    List<Flow> flows = throughAProxy("/order", "/logo.png", "/status/503", "/big");
    Path report = FlowReport.write(dir.resolve("nested/report.html"), "CheckoutTest.paysTheOrder", flows);

    browser.offline();
    browser.open(report.toUri());

    browser.await(d -> browser.rows().size() == 4);
    assertThat(browser.await("header h1").getText()).isEqualTo("CheckoutTest.paysTheOrder");
    assertThat(browser.rows().get(2)).contains("/status/503").contains("503");
    browser.select("/order");
    assertThat(browser.await(".detail-response .body-json pre").getText()).contains("\"items\": [\n    \"tea\",");
    assertThat(browser.script("return performance.getEntriesByType('resource').length")).isEqualTo(0L);
    browser.screenshot("report");

    browser.select("/big");
    assertThat(browser.await(".detail-response .body-note").getText())
        .isEqualTo("truncated: the first 64.0k of 200.0k shown");

    browser.filter("logo");
    browser.await(d -> browser.rows().size() == 1);
    assertThat(browser.rowUrls()).singleElement().asString().endsWith("/logo.png");
    assertThat(browser.all("a.download-har")).isEmpty();
  }

  @Test
  void aFlowCannotBreakOutOfTheReportsDataElement() throws Exception {
    String hostile = "</script><!--<script>window.pwned=1</script>";
    Flow flow = Flow.builder()
        .client(ClientConnection.of(new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8080)))
        .request(Request.builder().url("http://hostile.test/").header("X-Note", hostile).build())
        .response(Response.of(200, "text/html", hostile))
        .build();
    Path report = FlowReport.write(dir.resolve("hostile.html"), "</title><script>window.pwned=2</script>", List.of(flow));
    assertThat(Files.readString(report)).doesNotContain("<script>window.pwned").doesNotContain("<!--<script>");

    browser.open(report.toUri());
    browser.select("hostile.test/");
    assertThat(browser.await(".detail-response .body-text pre").getText()).isEqualTo(hostile);
    assertThat(browser.await(".detail-request table.headers").getText()).contains("X-Note " + hostile);
    assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    assertThat(browser.await("header h1").getText()).isEqualTo("</title><script>window.pwned=2</script>");
  }

  private static List<Flow> throughAProxy(String... paths) throws Exception {
    List<Flow> flows = new CopyOnWriteArrayList<>();
    try (ViewerOrigin origin = new ViewerOrigin();
        ProxyServer proxy = ProxyServer.builder().hook(HookPhase.RECORDING, FlowHook.onResponse(flow -> flows.add(flow.snapshot()))).start()) {
      HttpClient client = JdkClients.via(proxy);
      for (String path : paths) {
        client.send(HttpRequest.newBuilder(origin.uri(path)).build(), BodyHandlers.discarding());
      }
    }
    return flows;
  }
}
