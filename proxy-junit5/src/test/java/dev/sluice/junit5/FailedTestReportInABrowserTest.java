package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.web.testing.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The report a failed test leaves, opened in Chromium cut off from the network: the test's flows, each in detail. */
class FailedTestReportInABrowserTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final Browser browser = Browser.perClass();
  private static URI orders;

  @TempDir
  Path dir;

  @Test
  void theReportOfAFailedTestOpensWithNoNetworkAndShowsItsFlows() throws Exception {
    orders = origin.uri("/orders");
    SampleRun run = SampleRun.of(PlacesAnOrder.class, Map.of(Sluice.REPORT, dir.toString()));
    assertThat(run.failure("placesAnOrder")).hasMessage("expected 201, got 200");

    browser.offline();
    browser.open(dir.resolve("FailedTestReportInABrowserTest.PlacesAnOrder/placesAnOrder.html").toUri());

    browser.await(d -> browser.rowUrls().equals(List.of(orders + "?page=1", orders.toString())));
    assertThat(browser.await("header h1").getText()).isEqualTo("PlacesAnOrder.placesAnOrder");
    browser.select(orders.toString());
    assertThat(browser.await(".detail-request .first-line").getText()).isEqualTo("POST " + orders + " HTTP/1.1");
    assertThat(browser.await(".detail-request .body-json pre").getText()).isEqualTo("{\n  \"tea\": 2\n}");
    assertThat(browser.script("return performance.getEntriesByType('resource').length")).isEqualTo(0L);
  }

  @Sluice
  @SampleRun.OnlyHere
  static class PlacesAnOrder {
    @Test
    void placesAnOrder(HttpClient client) throws Exception {
      client.send(HttpRequest.newBuilder(URI.create(orders + "?page=1")).build(), BodyHandlers.discarding());
      HttpResponse<String> placed = client.send(HttpRequest.newBuilder(orders).header("Content-Type", "application/json")
          .POST(BodyPublishers.ofString("{\"tea\":2}")).build(), BodyHandlers.ofString());
      if (placed.statusCode() != 201) {
        throw new AssertionError("expected 201, got " + placed.statusCode());
      }
    }
  }
}
