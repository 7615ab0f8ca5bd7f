package dev.sluice.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.RawOrigin;
import dev.sluice.core.testing.RawWebSocket;
import dev.sluice.core.testing.WebSocketFlows;
import dev.sluice.core.testing.WebSocketOrigin;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed websocket input from either side: the side that sent it gets the right close code,
 * the other side is closed cleanly, the flow records why, and the proxy goes on serving.
 */
@ExtendWith(NettyLeakDetection.class)
class WebSocketBadInputTest {

  private static final int LIMIT = 4096;

  @RegisterExtension
  static final WebSocketOrigin origin = WebSocketOrigin.extension();

  private final WebSocketFlows flows = new WebSocketFlows();
  private ProxyServer proxy;

  @BeforeEach
  void startProxy() {
    proxy = ProxyServer.builder().maxBodySize(LIMIT).hook(flows).start();
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private RawWebSocket upgraded(int port) {
    RawWebSocket ws = RawWebSocket.connect(proxy.address());
    String authority = "127.0.0.1:" + port;
    assertThat(ws.upgrade("http://" + authority + "/", authority)).startsWith("HTTP/1.1 101");
    return ws;
  }

  static Stream<Arguments> badClientInput() {
    byte[] ok = "ok".getBytes(UTF_8);
    return Stream.of(
        Arguments.of("a reserved opcode", RawWebSocket.frame(true, 0x3, ok, true), 1002, FlowError.Kind.PROTOCOL_ERROR),
        Arguments.of("an unmasked frame", RawWebSocket.frame(true, RawWebSocket.TEXT, ok, false), 1002,
            FlowError.Kind.PROTOCOL_ERROR),
        Arguments.of("a ping over 125 bytes", RawWebSocket.frame(true, RawWebSocket.PING, new byte[126], true), 1002,
            FlowError.Kind.PROTOCOL_ERROR),
        Arguments.of("invalid UTF-8 text", RawWebSocket.frame(true, RawWebSocket.TEXT, new byte[] {'a', (byte) 0xc3, 'b'},
            true), 1007, FlowError.Kind.PROTOCOL_ERROR),
        Arguments.of("a frame over the limit", RawWebSocket.frame(true, RawWebSocket.BINARY, new byte[LIMIT + 1], true),
            1009, FlowError.Kind.LIMIT_EXCEEDED),
        Arguments.of("fragments over the limit", concat(
            RawWebSocket.frame(false, RawWebSocket.BINARY, new byte[LIMIT / 2 + 1], true),
            RawWebSocket.frame(true, RawWebSocket.CONTINUATION, new byte[LIMIT / 2 + 1], true)), 1009,
            FlowError.Kind.LIMIT_EXCEEDED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClientInput")
  void badInputFromTheClientClosesItWithTheRightCodeAndTheOriginCleanly(String what, byte[] bytes, int code,
      FlowError.Kind kind) throws Exception {
    try (RawWebSocket ws = upgraded(origin.port())) {
      ws.send(bytes);
      RawWebSocket.Frame close = ws.readFrame();
      assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(code);
      assertThat(ws.isClosedByPeer()).isTrue();
    }
    assertThat(origin.takeClose().code()).isEqualTo(1001);
    Flow flow = flows.next();
    assertThat(flow.error().kind()).isEqualTo(kind);
    assertThat(flow.error().message()).startsWith("client ").contains("closed with " + code);
    assertThat(flow.webSocket().closeCode()).isEqualTo(code);
    try (RawWebSocket next = upgraded(origin.port())) {
      next.sendFrame(true, RawWebSocket.TEXT, "still here".getBytes(UTF_8), true);
      assertThat(next.readFrame().text()).isEqualTo("still here");
    }
  }

  @Test
  void aMaskedFrameFromTheServerClosesItWith1002AndTheClientWith1011() throws Exception {
    BlockingQueue<RawWebSocket.Frame> toServer = new LinkedBlockingQueue<>();
    try (RawOrigin bad = RawOrigin.start((socket, head) -> {
      RawWebSocket.write(socket.getOutputStream(), (RawWebSocket.switchingProtocols(RawWebSocket.KEY)).getBytes(UTF_8));
      RawWebSocket.write(socket.getOutputStream(), RawWebSocket.frame(true, RawWebSocket.TEXT, "hi".getBytes(UTF_8), true));
      InputStream in = socket.getInputStream();
      toServer.add(RawWebSocket.readFrame(in));
    }); RawWebSocket ws = upgraded(bad.port())) {
      RawWebSocket.Frame close = ws.readFrame();
      assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1011);
      assertThat(toServer.poll(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1002);
    }
    Flow flow = flows.next();
    assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.PROTOCOL_ERROR);
    assertThat(flow.error().message()).startsWith("upstream ");
  }

  @Test
  void aServerThatDropsTheConnectionEndsTheFlowWithAnError() throws Exception {
    try (RawOrigin dropping = RawOrigin.start((socket, head) -> {
      RawWebSocket.write(socket.getOutputStream(), (RawWebSocket.switchingProtocols(RawWebSocket.KEY)).getBytes(UTF_8));
      socket.close();
    }); RawWebSocket ws = upgraded(dropping.port())) {
      RawWebSocket.Frame close = ws.readFrame();
      assertThat(close.closeCode()).isEqualTo(1011);
    }
    Flow flow = flows.next();
    assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.UPSTREAM_RESET);
    assertThat(flow.webSocket().closeCode()).isEqualTo(1006);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
