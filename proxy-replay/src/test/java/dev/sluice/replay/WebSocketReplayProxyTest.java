package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.WebSocketOrigin;
import dev.sluice.core.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A websocket recorded through the proxy against a real origin, replayed with the origin gone. */
class WebSocketReplayProxyTest {

  @TempDir
  Path dir;

  @Test
  void aRecordedWebSocketReplaysTheServerMessagesAndCloseWithTheOriginGone() throws Exception {
    Path recording = dir.resolve("websocket.mitm");
    URI uri;
    CountDownLatch saved = new CountDownLatch(1);
    try (WebSocketOrigin origin = WebSocketOrigin.extension().start();
        FlowRecorder recorder = FlowRecorder.to(recording);
        ProxyServer proxy = ProxyServer.builder().hook(recorder).hook(new FlowHook() {
          @Override
          public void webSocketEnd(HttpFlow flow) {
            saved.countDown();
          }
        }).start()) {
      uri = origin.uri("/live");
      WebSocketRecorder client = new WebSocketRecorder();
      WebSocket ws = client.open(JdkClients.via(proxy.address()), uri);
      ws.sendText("one", true).get(5, TimeUnit.SECONDS);
      assertThat(client.next()).isEqualTo("one");
      ws.sendText(WebSocketOrigin.CLOSE_ME, true).get(5, TimeUnit.SECONDS);
      assertThat(client.closed().code()).isEqualTo(WebSocketOrigin.ORIGIN_CLOSE_CODE);
      assertThat(saved.await(10, TimeUnit.SECONDS)).isTrue();
    }

    List<Flow> flows = FlowReader.readAll(recording);
    assertThat(flows).singleElement().satisfies(flow -> assertThat(flow.webSocket().messages()).hasSize(3));
    try (ProxyServer replay = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY)
        .hook(ServerReplay.fromFile(recording)).start()) {
      WebSocketRecorder client = new WebSocketRecorder();
      client.open(JdkClients.via(replay.address()), uri);
      assertThat(client.next()).isEqualTo("one");
      assertThat(client.closed()).isEqualTo(new WebSocketRecorder.Close(WebSocketOrigin.ORIGIN_CLOSE_CODE,
          "origin closes"));
    }
  }
}
