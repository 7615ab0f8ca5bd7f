package dev.sluice.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.RawWebSocket;
import dev.sluice.core.testing.WebSocketFlows;
import dev.sluice.core.testing.WebSocketOrigin;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Websocket upgrades in every request form a client uses, driven by a raw client. */
@ExtendWith(NettyLeakDetection.class)
class WebSocketModesTest {

  @RegisterExtension
  static final WebSocketOrigin origin = WebSocketOrigin.extension();

  private final WebSocketFlows flows = new WebSocketFlows();
  private final List<String> seen = new ArrayList<>();
  private final List<ProxyServer> proxies = new ArrayList<>();

  @AfterEach
  void closeProxies() {
    proxies.forEach(ProxyServer::close);
  }

  private ProxyServer proxy(ProxyMode mode) {
    ProxyServer proxy = ProxyServer.builder().mode(mode).hook(flows)
        .hook(FlowHook.onWebSocketMessage(flow -> seen.add(flow.webSocket().lastMessage().text())))
        .start();
    proxies.add(proxy);
    return proxy;
  }

  private String authority() {
    return "127.0.0.1:" + origin.port();
  }

  /** Sends a text message, reads its echo, and closes the websocket cleanly. */
  private static void echoAndClose(RawWebSocket ws, String text) {
    ws.sendFrame(true, RawWebSocket.TEXT, text.getBytes(UTF_8), true);
    RawWebSocket.Frame echo = ws.readFrame();
    assertThat(echo.opcode()).isEqualTo(RawWebSocket.TEXT);
    assertThat(echo.text()).isEqualTo(text);
    ws.sendFrame(true, RawWebSocket.CLOSE, RawWebSocket.closePayload(1000, "bye"), true);
    assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
    assertThat(ws.isClosedByPeer()).isTrue();
  }

  @Test
  void anAbsoluteFormUpgradeReachesTheOrigin() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(proxy(ProxyMode.regular()).address())) {
      assertThat(ws.upgrade("http://" + authority() + "/chat", authority())).startsWith("HTTP/1.1 101");
      echoAndClose(ws, "absolute");
    }
    assertThat(flows.next().request().path()).isEqualTo("/chat");
    assertThat(seen).containsExactly("absolute", "absolute");
  }

  @Test
  void aWsSchemeInAbsoluteFormIsPlainHttpUntilTheUpgrade() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(proxy(ProxyMode.regular()).address())) {
      assertThat(ws.upgrade("ws://" + authority() + "/", authority())).startsWith("HTTP/1.1 101");
      echoAndClose(ws, "ws scheme");
    }
    assertThat(flows.next().request().scheme()).isEqualTo("http");
  }

  @Test
  void aPlainWebSocketInsideAConnectTunnelIsIntercepted() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(proxy(ProxyMode.regular()).address())) {
      ws.send("CONNECT " + authority() + " HTTP/1.1\r\nHost: " + authority() + "\r\n\r\n");
      assertThat(ws.readHead()).startsWith("HTTP/1.1 200");
      assertThat(ws.upgrade("/tunnelled", authority())).startsWith("HTTP/1.1 101");
      echoAndClose(ws, "through CONNECT");
    }
    assertThat(flows.next().request().path()).isEqualTo("/tunnelled");
    assertThat(seen).containsExactly("through CONNECT", "through CONNECT");
  }

  @Test
  void anOriginFormUpgradeFollowsAnotherRequestOnAKeptAliveReverseProxyConnection() throws Exception {
    ProxyServer proxy = proxy(ProxyMode.reverse(URI.create("http://" + authority())));
    try (RawWebSocket ws = RawWebSocket.connect(proxy.address())) {
      ws.send("GET /plain HTTP/1.1\r\nHost: " + authority() + "\r\n\r\n");
      String plain = ws.readHead();
      assertThat(plain).startsWith("HTTP/1.1 200");
      assertThat(new String(ws.readBody(5), UTF_8)).isEqualTo("plain");
      assertThat(ws.upgrade("/reverse", authority())).startsWith("HTTP/1.1 101");
      echoAndClose(ws, "reverse");
    }
    Flow flow = flows.next();
    assertThat(flow.request().path()).isEqualTo("/reverse");
    assertThat(flow.webSocket().closeCode()).isEqualTo(1000);
  }

  @Test
  void aPermessageDeflateOfferIsStrippedSoNeitherSideCompresses() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(proxy(ProxyMode.regular()).address())) {
      String head = ws.upgrade("http://" + authority() + "/", authority(),
          "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
      assertThat(head).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
      Map<String, String> handshake = origin.takeHandshake();
      assertThat(handshake).doesNotContainKey("sec-websocket-extensions");
      echoAndClose(ws, "uncompressed ".repeat(20));
    }
    assertThat(flows.next().request().headers().contains("Sec-WebSocket-Extensions")).isFalse();
  }

  @Test
  void utf8SplitAcrossFramesIsJoinedIntoOneTextMessage() throws Exception {
    byte[] text = "héllo".getBytes(UTF_8);
    try (RawWebSocket ws = RawWebSocket.connect(proxy(ProxyMode.regular()).address())) {
      assertThat(ws.upgrade("http://" + authority() + "/", authority())).startsWith("HTTP/1.1 101");
      ws.sendFrame(false, RawWebSocket.TEXT, Arrays.copyOfRange(text, 0, 2), true);
      ws.sendFrame(true, RawWebSocket.CONTINUATION, Arrays.copyOfRange(text, 2, text.length), true);
      RawWebSocket.Frame echo = ws.readFrame();
      assertThat(echo.fin()).isTrue();
      assertThat(echo.text()).isEqualTo("héllo");
      ws.sendFrame(true, RawWebSocket.CLOSE, RawWebSocket.closePayload(1000, ""), true);
      assertThat(ws.readFrame().opcode()).isEqualTo(RawWebSocket.CLOSE);
    }
    assertThat(seen).containsExactly("héllo", "héllo");
  }
}
