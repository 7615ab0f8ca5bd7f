package dev.sluice.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Blocking;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.WebSocketFlows;
import dev.sluice.core.testing.WebSocketOrigin;
import dev.sluice.core.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What hooks can do with websocket messages: change, drop, inject, block, or only watch when streamed. */
@ExtendWith(NettyLeakDetection.class)
class WebSocketHooksTest {

  @RegisterExtension
  static final WebSocketOrigin origin = WebSocketOrigin.extension();

  private final WebSocketFlows flows = new WebSocketFlows();
  private final WebSocketRecorder recorder = new WebSocketRecorder();
  private ProxyServer proxy;

  @AfterEach
  void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private WebSocket open(ProxyServer.Builder builder) throws Exception {
    proxy = builder.hook(flows).start();
    return recorder.open(JdkClients.via(proxy), origin.uri("/"));
  }

  private void closeNormally(WebSocket ws) throws Exception {
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    recorder.closed();
  }

  @Test
  void aHookChangesMessagesInBothDirections() throws Exception {
    WebSocket ws = open(ProxyServer.builder().hook(FlowHook.onWebSocketMessage(flow -> {
      WebSocketMessage message = flow.webSocket().lastMessage();
      message.setText(message.text() + (message.fromClient() ? " >" : " <"));
    })));
    ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("hello > <");
    closeNormally(ws);
    assertThat(flows.next().webSocket().messages()).extracting(WebSocketMessage::text)
        .containsExactly("hello >", "hello > <");
  }

  @Test
  void aDroppedMessageIsRecordedButNeverForwarded() throws Exception {
    WebSocket ws = open(ProxyServer.builder().hook(FlowHook.onWebSocketMessage(flow -> {
      WebSocketMessage message = flow.webSocket().lastMessage();
      if (message.text().equals("secret")) {
        message.drop();
      }
    })));
    ws.sendText("secret", true).get(5, TimeUnit.SECONDS);
    ws.sendText("public", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("public");
    closeNormally(ws);
    List<WebSocketMessage> messages = flows.next().webSocket().messages();
    assertThat(messages).extracting(WebSocketMessage::text).containsExactly("secret", "public", "public");
    assertThat(messages.get(0).isDropped()).isTrue();
  }

  @Test
  void aHookInjectsMessagesAfterTheCurrentOneInEitherDirection() throws Exception {
    WebSocket ws = open(ProxyServer.builder().hook(FlowHook.onWebSocketMessage(flow -> {
      WebSocketMessage message = flow.webSocket().lastMessage();
      if (message.fromClient() && message.text().equals("inject")) {
        flow.webSocket().inject(WebSocketMessage.injectText(false, "to the client"));
        flow.webSocket().inject(WebSocketMessage.injectText(true, "to the origin"));
      }
    })));
    ws.sendText("inject", true).get(5, TimeUnit.SECONDS);
    List<Object> received = List.of(recorder.next(), recorder.next(), recorder.next());
    assertThat(received).containsExactlyInAnyOrder("inject", "to the client", "to the origin");
    closeNormally(ws);
    List<WebSocketMessage> messages = flows.next().webSocket().messages();
    assertThat(messages.subList(0, 3)).extracting(WebSocketMessage::text)
        .containsExactly("inject", "to the client", "to the origin");
    assertThat(messages.get(1).isInjected()).isTrue();
  }

  @Test
  void anotherThreadInjectsIntoALiveWebSocket() throws Exception {
    CompletableFuture<WebSocketData> live = new CompletableFuture<>();
    WebSocket ws = open(ProxyServer.builder().hook(new FlowHook() {
      @Override
      public void webSocketStart(HttpFlow flow) {
        live.complete(flow.webSocket());
      }
    }));
    live.get(5, TimeUnit.SECONDS).inject(WebSocketMessage.injectBinary(false, new byte[] {7, 7}));
    assertThat(recorder.next()).isEqualTo(new byte[] {7, 7});
    closeNormally(ws);
    assertThat(flows.next().webSocket().messages()).singleElement().satisfies(message -> {
      assertThat(message.isInjected()).isTrue();
      assertThat(message.fromClient()).isFalse();
    });
  }

  /** Holds every message until the test lets it go, off the event loop. */
  @Blocking
  static final class Gate implements FlowHook {
    final CountDownLatch open = new CountDownLatch(1);
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void webSocketMessage(HttpFlow flow) {
      threads.add(Thread.currentThread().getName());
      try {
        assertThat(open.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      flow.webSocket().lastMessage().setText("released");
    }
  }

  @Test
  void aBlockingHookHoldsMessagesOffTheEventLoopWhileOtherConnectionsGoOn() throws Exception {
    Gate gate = new Gate();
    proxy = ProxyServer.builder().hook(FlowHook.matching(FlowFilter.parse("~u /gated"), gate)).start();
    WebSocket ws = recorder.open(JdkClients.via(proxy), origin.uri("/gated"));
    WebSocketRecorder other = new WebSocketRecorder();
    WebSocket ungated = other.open(JdkClients.via(proxy), origin.uri("/free"));
    ws.sendText("held", true).get(5, TimeUnit.SECONDS);
    ungated.sendText("free", true).get(5, TimeUnit.SECONDS);
    assertThat(other.next()).isEqualTo("free");
    gate.open.countDown();
    assertThat(recorder.next()).isEqualTo("released");
    assertThat(gate.threads).allMatch(name -> name.startsWith("sluice-worker-"));
    closeNormally(ws);
    ungated.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    other.closed();
  }

  @Test
  void streamedFramesGoOnBeforeTheHookWhichOnlyObserves() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> observed = new CopyOnWriteArrayList<>();
    WebSocket ws = open(ProxyServer.builder().streamWebSockets(true).hook(FlowHook.blocking(
        FlowHook.onWebSocketMessage(flow -> {
          WebSocketMessage message = flow.webSocket().lastMessage();
          observed.add(message.text());
          message.setText("changed");
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }))));
    ws.sendText("streamed", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("streamed");
    release.countDown();
    closeNormally(ws);
    assertThat(flows.next().webSocket().messages()).hasSize(2);
    assertThat(observed).containsExactly("streamed", "streamed");
  }

  @Test
  void pastTheMessageLimitTheOldestMessagesGoAndAreCounted() throws Exception {
    WebSocket ws = open(ProxyServer.builder().webSocketMessageLimit(3));
    for (int i = 0; i < 3; i++) {
      ws.sendText("m" + i, true).get(5, TimeUnit.SECONDS);
      assertThat(recorder.next()).isEqualTo("m" + i);
    }
    closeNormally(ws);
    Flow flow = flows.next();
    assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::text).containsExactly("m1", "m2", "m2");
    assertThat(flow.webSocket().droppedMessages()).isEqualTo(3);
    assertThat(flow.metadata()).containsEntry("websocket_messages_dropped", 3L);
  }

  @Test
  void aFailingHookClosesBothSidesWith1011AndRecordsWhy() throws Exception {
    WebSocket ws = open(ProxyServer.builder().hook(FlowHook.onWebSocketMessage(flow -> {
      throw new IllegalStateException("boom");
    })));
    ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.closed().code()).isEqualTo(1011);
    assertThat(origin.takeClose().code()).isEqualTo(1011);
    Flow flow = flows.next();
    assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.HOOK_FAILED);
    assertThat(flow.error().message()).contains("boom");
  }

  @Test
  void aHookAnswersTheUpgradeWithARecordingThatPlaysTheServerSide() throws Exception {
    WebSocketData recording = WebSocketData.builder()
        .message(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "question".getBytes(UTF_8)))
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "first answer".getBytes(UTF_8)))
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {4, 2}))
        .closed(false, 4003, "recording ends")
        .build();
    proxy = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY).hook(flows)
        .hook(FlowHook.onRequest(flow -> {
          flow.respond(Response.builder().status(101).header("Upgrade", "websocket").build(), recording);
        })).start();
    WebSocket ws = recorder.open(JdkClients.via(proxy), URI.create("ws://127.0.0.1:1/recorded"));
    assertThat(recorder.next()).isEqualTo("first answer");
    assertThat(recorder.next()).isEqualTo(new byte[] {4, 2});
    assertThat(recorder.closed()).isEqualTo(new WebSocketRecorder.Close(4003, "recording ends"));
    assertThat(ws.isInputClosed()).isTrue();
    Flow flow = flows.next();
    assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::fromClient).containsExactly(false, false);
    assertThat(flow.webSocket().closeCode()).isEqualTo(4003);
    assertThat(flow.webSocket().closedByClient()).isFalse();
    assertThat(flow.error()).isNull();
  }
}
