package dev.sluice.replay;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.testing.TestFlows;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Recorded flows and live requests for server replay tests. */
final class ReplayFlows {

  static final Instant RECORDED = Instant.parse("2026-01-01T00:00:00Z");
  private static final ClientConnection CLIENT =
      ClientConnection.of(new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8080));

  private ReplayFlows() {}

  /** A request to {@code url} with a {@code Host} header, and {@code body} typed {@code contentType} unless null. */
  static HttpRequest request(String method, String url, String contentType, String body) {
    HttpRequest.Builder b = Request.builder().method(method).url(url);
    HttpRequest request = b.build();
    request.headers().set("Host", request.authority());
    if (contentType != null) {
      request.headers().set("Content-Type", contentType);
    }
    if (body != null) {
      request.setRawContent(body.getBytes(StandardCharsets.UTF_8));
    }
    return request;
  }

  static HttpRequest get(String url) {
    return request("GET", url, null, null);
  }

  /** A live flow for {@code request}, as the engine hands it to the {@code request} event. */
  static HttpFlow live(HttpRequest request) {
    return TestFlows.of(CLIENT, request);
  }

  /** A recorded flow: {@code request} answered 200 with {@code text}, recorded at {@link #RECORDED}. */
  static Flow recorded(HttpRequest request, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return Flow.builder().id("rec-" + text).timestampCreated(RECORDED).client(CLIENT).request(request).response(Response.builder().status(200).source(ResponseSource.UPSTREAM)
        .header("Content-Type", "text/plain").header("Content-Length", Integer.toString(body.length))
        .content(body).timestampStart(RECORDED).timestampEnd(RECORDED).build()).build();
  }

  /** The text {@code replay} answers {@code request} with, or {@code null} when it leaves it alone. */
  static String answer(ServerReplay replay, HttpRequest request) {
    HttpFlow flow = live(request);
    replay.request(flow);
    return flow.hasResponse() ? flow.response().text() : null;
  }
}
