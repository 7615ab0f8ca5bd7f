package dev.sluice.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.WebSocketFlows;
import dev.sluice.core.testing.WebSocketOrigin;
import dev.sluice.core.testing.WebSocketRecorder;
import io.netty.util.ResourceLeakDetector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JDK websocket client through the proxy to a real echo origin: with CONNECT on a fresh
 * connection, in origin form on a kept-alive one.
 */
@ExtendWith(NettyLeakDetection.class)
class WebSocketTest {

  @RegisterExtension
  static final WebSocketOrigin origin = WebSocketOrigin.extension();

  private final WebSocketFlows flows = new WebSocketFlows();
  private final List<ProxyServer> proxies = new ArrayList<>();

  @AfterEach
  void closeProxies() {
    proxies.forEach(ProxyServer::close);
  }

  private HttpClient clientVia(ProxyServer.Builder builder) {
    ProxyServer proxy = builder.hook(flows).start();
    proxies.add(proxy);
    return JdkClients.via(proxy);
  }

  @Test
  void textAndBinaryMessagesAreEchoedAndRecordedInOrder() throws Exception {
    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(clientVia(ProxyServer.builder()), origin.uri("/echo"));
    ws.sendText("héllo", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("héllo");
    ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo(new byte[] {1, 2, 3});
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    assertThat(recorder.closed()).isEqualTo(new WebSocketRecorder.Close(1000, "done"));

    Flow flow = flows.next();
    assertThat(flow.response().statusCode()).isEqualTo(101);
    WebSocketData data = flow.webSocket();
    assertThat(data.messages()).extracting(WebSocketMessage::toString).containsExactly(
        "client -> server TEXT (6 bytes)", "server -> client TEXT (6 bytes)",
        "client -> server BINARY (3 bytes)", "server -> client BINARY (3 bytes)");
    assertThat(data.closeCode()).isEqualTo(1000);
    assertThat(data.closeReason()).isEqualTo("done");
    assertThat(data.closedByClient()).isTrue();
    assertThat(flow.error()).isNull();
  }

  @Test
  void fragmentedMessagesReachHooksWholeAndTheOriginAsOneMessage() throws Exception {
    List<String> seen = new ArrayList<>();
    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(clientVia(ProxyServer.builder().hook(dev.sluice.api.FlowHook.onWebSocketMessage(
        flow -> seen.add(flow.webSocket().lastMessage().text())))), origin.uri("/"));
    ws.sendText("first ", false).get(5, TimeUnit.SECONDS);
    ws.sendText("second ", false).get(5, TimeUnit.SECONDS);
    ws.sendText("third", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("first second third");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    recorder.closed();
    assertThat(flows.next().webSocket().messages()).hasSize(2);
    assertThat(seen).containsExactly("first second third", "first second third");
  }

  /**
   * After a plain {@code GET http://}, the JDK sends the handshake on the same kept-alive proxy
   * connection in origin form ({@code GET /after-get} with a {@code Host} header), not through CONNECT.
   */
  @Test
  void aHandshakeInOriginFormAfterAPlainRequestOnTheSameConnectionReachesTheOrigin() throws Exception {
    List<String> connections = new CopyOnWriteArrayList<>();
    List<String> requestUrls = new CopyOnWriteArrayList<>();
    HttpClient client = clientVia(ProxyServer.builder()
        .hook(new FlowHook() {
          @Override
          public void clientConnected(ClientConnection connection) {
            connections.add(connection.toString());
          }
        })
        .hook(FlowHook.onRequestHeaders(flow -> requestUrls.add(flow.request().url()))));
    URI plain = URI.create("http://127.0.0.1:" + origin.port() + "/plain");
    assertThat(client.send(HttpRequest.newBuilder(plain).build(), BodyHandlers.ofString()).body()).isEqualTo("plain");

    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(client, origin.uri("/after-get"));
    ws.sendText("over the kept-alive connection", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("over the kept-alive connection");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    recorder.closed();

    assertThat(connections).hasSize(1);
    String websocketUrl = "http://127.0.0.1:" + origin.port() + "/after-get";
    assertThat(requestUrls).containsExactly(plain.toString(), websocketUrl);
    assertThat(flows.next().request().url()).isEqualTo(websocketUrl);
  }

  /**
   * Leak detection samples here instead of tracking every buffer: PARANOID records a stack trace
   * for each 8 bytes that the frame codecs mask and unmask, which would take minutes at 16 MiB.
   */
  @Test
  void aSixteenMebibyteBinaryMessageArrivesIntact() throws Exception {
    byte[] big = new byte[16 << 20];
    new Random(42).nextBytes(big);
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    try {
      WebSocketRecorder recorder = new WebSocketRecorder();
      WebSocket ws = recorder.open(clientVia(ProxyServer.builder()), origin.uri("/"));
      ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
      byte[] echoed = (byte[]) recorder.next();
      assertThat(echoed).hasSize(big.length);
      assertThat(MessageDigest.getInstance("SHA-256").digest(echoed))
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(big));
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
      recorder.closed();
      assertThat(flows.next().webSocket().messages()).extracting(message -> message.content().length)
          .containsExactly(big.length, big.length);
    } finally {
      ResourceLeakDetector.setLevel(level);
    }
  }

  @Test
  void aThousandMessagesKeepTheirOrder() throws Exception {
    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(clientVia(ProxyServer.builder()), origin.uri("/"));
    for (int i = 0; i < 1000; i++) {
      ws.sendText("message " + i, true).get(5, TimeUnit.SECONDS);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(recorder.next()).isEqualTo("message " + i);
    }
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    recorder.closed();
    assertThat(flows.next().webSocket().messages()).hasSize(2000);
  }

  @Test
  void pingAndPongCarryTheirPayloads() throws Exception {
    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(clientVia(ProxyServer.builder()), origin.uri("/"));
    ws.sendPing(ByteBuffer.wrap("are you there".getBytes(UTF_8))).get(5, TimeUnit.SECONDS);
    assertThat(new String(recorder.nextPong(), UTF_8)).isEqualTo("are you there");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    recorder.closed();
  }

  @Test
  void aCloseWithCodeAndReasonCompletesOnBothSides() throws Exception {
    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(clientVia(ProxyServer.builder()), origin.uri("/"));
    ws.sendClose(4001, "client leaves").get(5, TimeUnit.SECONDS);
    assertThat(recorder.closed()).isEqualTo(new WebSocketRecorder.Close(4001, "client leaves"));
    assertThat(origin.takeClose()).isEqualTo(new WebSocketOrigin.Close(4001, "client leaves"));
    WebSocketData data = flows.next().webSocket();
    assertThat(data.closeCode()).isEqualTo(4001);
    assertThat(data.closeReason()).isEqualTo("client leaves");
    assertThat(data.closedByClient()).isTrue();
  }

  @Test
  void aCloseStartedByTheOriginReachesTheClientAndTheFlow() throws Exception {
    WebSocketRecorder recorder = new WebSocketRecorder();
    WebSocket ws = recorder.open(clientVia(ProxyServer.builder()), origin.uri("/"));
    ws.sendText(WebSocketOrigin.CLOSE_ME, true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.closed()).isEqualTo(new WebSocketRecorder.Close(WebSocketOrigin.ORIGIN_CLOSE_CODE,
        "origin closes"));
    WebSocketData data = flows.next().webSocket();
    assertThat(data.closeCode()).isEqualTo(WebSocketOrigin.ORIGIN_CLOSE_CODE);
    assertThat(data.closedByClient()).isFalse();
    assertThat(origin.takeClose().code()).isEqualTo(WebSocketOrigin.ORIGIN_CLOSE_CODE);
  }
}
