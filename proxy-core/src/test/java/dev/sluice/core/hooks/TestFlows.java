package dev.sluice.core.hooks;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import java.net.InetSocketAddress;

/** Flows built in memory for hook unit tests. */
final class TestFlows {

  static final ClientConnection CLIENT = ClientConnection.of(
      new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8080));

  private TestFlows() {}

  static HttpFlow get(String url, String... headers) {
    return get(CLIENT, url, headers);
  }

  static HttpFlow get(ClientConnection client, String url, String... headers) {
    HttpRequest.Builder builder = HttpRequest.builder().url(url);
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return HttpFlow.create(client, builder.build());
  }

  static HttpFlow connect(ClientConnection client, String host, int port, String... headers) {
    HttpRequest.Builder builder = HttpRequest.builder().method("CONNECT").host(host).port(port)
        .authority(host + ":" + port).path("/");
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return HttpFlow.create(client, builder.build());
  }

  static HttpFlow answered(HttpFlow flow, int status, String... headers) {
    HttpResponse.Builder builder = HttpResponse.builder().status(status);
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    flow.respond(builder.build());
    return flow;
  }
}
