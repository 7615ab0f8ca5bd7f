package dev.sluice.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.FlowHook;
import dev.sluice.api.Response;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InterceptedHttpsTest {

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.hook(FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "hello")))))
      .build();

  @Test
  void requestsGoThroughTheProxyOverHttps(TestProxy proxy, HttpClient client) throws Exception {
    HttpResponse<String> reply =
        client.send(HttpRequest.newBuilder(URI.create("https://api.example.com/hi")).build(), BodyHandlers.ofString());
    assertEquals("hello", reply.body());
    assertEquals("https://api.example.com/hi", proxy.takeFlow().request().url());
  }
}
