package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.WebSocketFlows;
import dev.sluice.core.testing.WebSocketOrigin;
import dev.sluice.core.testing.WebSocketRecorder;
import dev.sluice.tls.CertificateAuthority;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** wss:// intercepted through CONNECT, and websockets through a reverse proxy, with the JDK client. */
@ExtendWith(NettyLeakDetection.class)
class WebSocketTlsTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Websocket origin CA").build();
  @RegisterExtension
  static final WebSocketOrigin tlsOrigin = WebSocketOrigin.extension(originCa);
  @RegisterExtension
  static final WebSocketOrigin plainOrigin = WebSocketOrigin.extension();

  private final WebSocketFlows flows = new WebSocketFlows();

  private static void echoAndClose(WebSocket ws, WebSocketRecorder recorder, String text) throws Exception {
    ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo(text);
    ws.sendClose(4001, "done").get(5, TimeUnit.SECONDS);
    assertThat(recorder.closed()).isEqualTo(new WebSocketRecorder.Close(4001, "done"));
  }

  @Test
  void wssThroughConnectIsInterceptedAndRecorded() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().upstreamTrust(originCa.trustManager()).hook(flows).start()) {
      HttpClient client = HttpClient.newBuilder()
          .proxy(ProxySelector.of(proxy.address()))
          .sslContext(proxy.certificateAuthority().sslContext())
          .connectTimeout(Duration.ofSeconds(5))
          .build();
      WebSocketRecorder recorder = new WebSocketRecorder();
      WebSocket ws = recorder.open(client, tlsOrigin.uri("/secure"));
      echoAndClose(ws, recorder, "over TLS");
      Flow flow = flows.next();
      assertThat(flow.request().scheme()).isEqualTo("https");
      assertThat(flow.client().tls()).isNotNull();
      assertThat(flow.server().tls()).isNotNull();
      assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::text).containsExactly("over TLS", "over TLS");
      assertThat(flow.webSocket().closeCode()).isEqualTo(4001);
    }
  }

  @Test
  void aReverseProxyCarriesOriginFormUpgrades() throws Exception {
    URI upstream = URI.create("http://127.0.0.1:" + plainOrigin.port());
    try (ProxyServer proxy = ProxyServer.builder().mode(ProxyMode.reverse(upstream)).hook(flows).start()) {
      WebSocketRecorder recorder = new WebSocketRecorder();
      URI front = URI.create("ws://127.0.0.1:" + proxy.address().getPort() + "/reverse");
      WebSocket ws = recorder.open(HttpClient.newHttpClient(), front);
      echoAndClose(ws, recorder, "reversed");
      assertThat(flows.next().webSocket().closedByClient()).isTrue();
      assertThat(plainOrigin.takeHandshake()).containsEntry("host", "127.0.0.1:" + plainOrigin.port());
    }
  }
}
