package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.api.internal.FlowAccess;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket of one upgraded flow: relays frames between the client and the upstream, joins
 * fragments into messages for the {@code webSocketMessage} event, records them on the flow, passes
 * ping, pong and close through, and fires {@code webSocketEnd} once both sides are closed.
 *
 * <p>Runs on the client's event loop, which the upstream shares. What each side sends is queued
 * and handled in order; while hooks run nothing more is handled, and a side is read only while the
 * queue is empty (or, when streaming, short) and the other side is writable: that is the
 * back-pressure. With {@code streamWebSockets} frames go out as they arrive and the hooks only
 * observe.
 */
final class WebSocketRelay {

  private static final FlowAccess FLOWS = FlowAccess.get();

  /** The metadata key under which a flow reports how many messages it did not keep. */
  static final String DROPPED_METADATA = "websocket_messages_dropped";

  private static final Logger log = LoggerFactory.getLogger(WebSocketRelay.class);
  private static final int STREAM_BACKLOG = 64;
  private static final Object INACTIVE = new Object();

  /** Something one side sent: a frame, a failure, or {@link #INACTIVE}. */
  private record Inbound(boolean fromClient, Object event) {}

  private final SessionContext context;
  private final HttpFlow flow;
  private final EventLoop loop;
  private final WebSocketData data;
  private final boolean stream;
  private final int maxMessageSize;
  private final WebSocketAssembler clientMessages;
  private final WebSocketAssembler serverMessages;
  private final ArrayDeque<Inbound> inbound = new ArrayDeque<>();
  private final Queue<WebSocketMessage> injected = new ConcurrentLinkedQueue<>();
  private Channel client;
  private Channel server;
  private boolean started;
  private boolean hooksRunning;
  private boolean pumping;
  private boolean ended;
  private final WebSocketCloseState closing = new WebSocketCloseState();

  WebSocketRelay(SessionContext context, HttpFlow flow, EventLoop loop) {
    this.context = context;
    this.flow = flow;
    this.loop = loop;
    ProxyConfig config = context.config();
    this.stream = config.streamWebSockets();
    this.maxMessageSize = (int) Math.min(config.maxBodySize(), Integer.MAX_VALUE - 64);
    this.data = FLOWS.liveWebSocket(config.webSocketMessageLimit(), this::inject);
    this.clientMessages = new WebSocketAssembler(true, maxMessageSize);
    this.serverMessages = new WebSocketAssembler(false, maxMessageSize);
  }

  /** The websocket data to attach to the flow. */
  WebSocketData data() {
    return data;
  }

  /**
   * Takes over both channels after the 101 went to the client: frame codecs replace the HTTP ones,
   * {@code early} (bytes the upstream sent right after its 101) is decoded, and
   * {@code webSocketStart} runs.
   */
  void start(Channel clientChannel, Channel serverChannel, List<Object> early) {
    begin(clientChannel, serverChannel);
    WebSocketUpgrade.switchUpstream(server, new WebSocketSide(this, false), maxMessageSize, early);
    fireStart();
  }

  /**
   * Takes over the client channel after a hook answered the upgrade with a 101: {@code recorded}
   * plays the server's side, its messages from {@code recording} (the websocket data the hook
   * attached, or null).
   */
  void startReplay(Channel clientChannel, RecordedWebSocketServer recorded, WebSocketData recording) {
    begin(clientChannel, recorded.channel());
    server.pipeline().addLast(new WebSocketSide(this, false));
    recorded.play(recording);
    fireStart();
  }

  private void begin(Channel clientChannel, Channel serverChannel) {
    client = clientChannel;
    server = serverChannel;
    hooksRunning = true;
    FLOWS.setWebSocket(flow, data);
    WebSocketUpgrade.switchClient(client, new WebSocketSide(this, true), maxMessageSize);
  }

  private void fireStart() {
    if (!client.isActive()) {
      closed(true);
    }
    if (!server.isActive()) {
      closed(false);
    }
    context.hooks().run(HookEvent.WEB_SOCKET_START, flow, loop, () -> {
      hooksRunning = false;
      started = true;
      pump();
    });
  }

  // ---- what the sides report ------------------------------------------------------------------

  void frameRead(boolean fromClient, WebSocketFrame frame) {
    if (ended) {
      frame.release();
      return;
    }
    if (stream && !isData(frame)) {
      control(fromClient, frame);
      return;
    }
    if (stream && closing.failure() == null) {
      send(!fromClient, frame.retainedDuplicate());
    }
    inbound.add(new Inbound(fromClient, frame));
    pump();
  }

  void closed(boolean fromClient) {
    inbound.add(new Inbound(fromClient, INACTIVE));
    pump();
  }

  void failed(boolean fromClient, Throwable cause) {
    inbound.add(new Inbound(fromClient, cause));
    pump();
  }

  /** Reads from each side that may send more now. */
  void updateReads() {
    if (ended || client == null) {
      return;
    }
    boolean room = stream ? inbound.size() < STREAM_BACKLOG : inbound.isEmpty() && !hooksRunning;
    if (!room) {
      return;
    }
    readIfWanted(client, server);
    readIfWanted(server, client);
  }

  private static void readIfWanted(Channel side, Channel other) {
    if (side.isActive() && (other.isWritable() || !other.isActive())) {
      side.read();
    }
  }

  // ---- the queue ------------------------------------------------------------------------------

  private void pump() {
    if (pumping || client == null) {
      return;
    }
    pumping = true;
    try {
      Inbound next;
      while (!hooksRunning && (next = inbound.poll()) != null) {
        handle(next);
      }
      sendInjected();
    } finally {
      pumping = false;
    }
    endIfDone();
    updateReads();
  }

  private void handle(Inbound in) {
    Object event = in.event();
    if (event == INACTIVE) {
      sideClosed(in.fromClient());
    } else if (event instanceof Throwable cause) {
      sideFailed(in.fromClient(), cause);
    } else if (isData(event)) {
      data(in.fromClient(), (WebSocketFrame) event);
    } else {
      control(in.fromClient(), (WebSocketFrame) event);
    }
  }

  private void data(boolean fromClient, WebSocketFrame frame) {
    WebSocketAssembler assembler = fromClient ? clientMessages : serverMessages;
    boolean last = frame.isFinalFragment();
    boolean fits;
    try {
      if (closing.failure() != null) {
        return;
      }
      fits = assembler.append(frame);
    } finally {
      frame.release();
    }
    if (!fits) {
      abort(fromClient, FlowError.Kind.LIMIT_EXCEEDED, WebSocketCloseStatus.MESSAGE_TOO_BIG,
          "a websocket message over the limit of " + maxMessageSize + " bytes", true);
    } else if (last) {
      message(assembler.finish());
    }
  }

  /** Records {@code message}, runs its event, then forwards it (unless streamed or dropped). */
  private void message(WebSocketMessage message) {
    record(message);
    hooksRunning = true;
    context.hooks().run(HookEvent.WEB_SOCKET_MESSAGE, flow, loop, new HookRunner.Outcome() {
      @Override
      public void done() {
        hooksRunning = false;
        if (!stream && !message.isDropped()) {
          send(message);
        }
        pump();
      }

      @Override
      public void failed(FlowHook hook, Throwable cause) {
        hooksRunning = false;
        int code = WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code();
        fail(FlowError.of(FlowError.Kind.HOOK_FAILED, "hook " + hook.name() + " failed in webSocketMessage: " + cause),
            message.fromClient(), code);
        closeWith(true, code, "proxy hook failed");
        closeWith(false, code, "proxy hook failed");
        pump();
      }
    });
  }

  private void control(boolean fromClient, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame close) {
      closeFrame(fromClient, close);
    } else if (frame instanceof PingWebSocketFrame || frame instanceof PongWebSocketFrame) {
      send(!fromClient, frame);
    } else {
      frame.release();
    }
  }

  private void closeFrame(boolean fromClient, CloseWebSocketFrame close) {
    closing.received(fromClient, close.statusCode(), close.reasonText());
    if (closing.sentTo(!fromClient)) {
      close.release();
    } else {
      closing.markSentTo(!fromClient);
      send(!fromClient, close);
    }
    if (closing.complete()) {
      flushThenClose(client);
      flushThenClose(server);
    }
  }

  private void sideClosed(boolean fromClient) {
    if (!closing.receivedFrom(fromClient) && closing.failure() == null && !closing.complete()) {
      String who = fromClient ? "client " + flow.client().peer() : "upstream " + describeServer();
      FlowError.Kind kind = fromClient ? FlowError.Kind.CLIENT_ABORTED : FlowError.Kind.UPSTREAM_RESET;
      fail(FlowError.of(kind, who + " closed the connection without a websocket close handshake"), fromClient,
          WebSocketCloseStatus.ABNORMAL_CLOSURE.code());
    }
    goingAway(!fromClient);
  }

  private void sideFailed(boolean fromClient, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      // the frame decoder has sent the close frame to that side already, and closes it
      closing.markSentTo(fromClient);
      WebSocketCloseStatus status = corrupt.closeStatus();
      FlowError.Kind kind = status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
          ? FlowError.Kind.LIMIT_EXCEEDED : FlowError.Kind.PROTOCOL_ERROR;
      abort(fromClient, kind, status, corrupt.getMessage(), false);
      return;
    }
    log.debug("websocket {} failed on the {} side", flow.request(), fromClient ? "client" : "upstream", cause);
    (fromClient ? client : server).close();
  }

  /**
   * {@code fromClient}'s side broke the rules: it gets {@code status} (unless already sent) and is
   * closed, the flow records why, and the other side is told the proxy is going away.
   */
  private void abort(boolean fromClient, FlowError.Kind kind, WebSocketCloseStatus status, String what,
      boolean sendClose) {
    String who = fromClient ? "client " + flow.client().peer() : "upstream " + describeServer();
    fail(FlowError.of(kind, who + " sent " + what + "; closed with " + status.code()), fromClient, status.code());
    if (sendClose) {
      closeWith(fromClient, status.code(), status.reasonText());
    }
    goingAway(!fromClient);
  }

  /** Records the first failure of the websocket, as its close if none was seen. */
  private void fail(FlowError error, boolean byClient, int code) {
    if (closing.fail(error, byClient, code)) {
      log.debug("websocket {}: {}", flow.request(), error.message());
    }
  }

  /** Closes {@code toClient}'s side because the other one went: a close frame first if it is due. */
  private void goingAway(boolean toClient) {
    WebSocketCloseStatus status = toClient ? WebSocketCloseStatus.INTERNAL_SERVER_ERROR
        : WebSocketCloseStatus.ENDPOINT_UNAVAILABLE;
    closeWith(toClient, status.code(), toClient ? "upstream connection closed" : "client connection closed");
  }

  private void closeWith(boolean toClient, int code, String reason) {
    Channel side = toClient ? client : server;
    if (!side.isActive()) {
      return;
    }
    if (closing.sentTo(toClient)) {
      flushThenClose(side);
      return;
    }
    closing.markSentTo(toClient);
    side.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  // ---- sending --------------------------------------------------------------------------------

  /** Called on any thread by {@link WebSocketData#inject}. */
  private void inject(WebSocketMessage message) {
    injected.add(message);
    try {
      loop.execute(this::pump);
    } catch (RejectedExecutionException e) {
      log.debug("server closing: websocket message not injected", e);
    }
  }

  private void sendInjected() {
    if (!started || hooksRunning) {
      return;
    }
    WebSocketMessage message;
    while ((message = injected.poll()) != null) {
      if (!ended) {
        record(message);
        send(message);
      }
    }
  }

  /** Sends a whole message on: one from (or injected towards) the client goes to the server. */
  private void send(WebSocketMessage message) {
    send(!message.fromClient(), WebSocketAssembler.frame(message));
  }

  private void send(boolean toClient, WebSocketFrame frame) {
    Channel side = toClient ? client : server;
    boolean closeFrame = frame instanceof CloseWebSocketFrame;
    if (!side.isActive() || (!closeFrame && closing.sentTo(toClient))) {
      frame.release();
      return;
    }
    side.writeAndFlush(frame);
  }

  private void record(WebSocketMessage message) {
    long dropped = data.droppedMessages();
    FLOWS.addMessage(data, message);
    if (data.droppedMessages() > dropped) {
      flow.metadata().put(DROPPED_METADATA, data.droppedMessages());
      if (dropped == 0) {
        log.warn("websocket {}: more than {} messages, the oldest are no longer kept on the flow", flow.request(),
            data.messageLimit());
      }
    }
  }

  // ---- the end --------------------------------------------------------------------------------

  private void endIfDone() {
    if (ended || hooksRunning || !started || !inbound.isEmpty() || client.isActive() || server.isActive()) {
      return;
    }
    ended = true;
    injected.clear();
    closing.applyTo(flow, data);
    context.hooks().run(HookEvent.WEB_SOCKET_END, flow, loop, () -> { });
  }

  private String describeServer() {
    return flow.server() == null ? flow.request().host() : flow.server().host() + ":" + flow.server().port();
  }

  private static void flushThenClose(Channel side) {
    if (side.isActive()) {
      side.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Whether {@code frame} carries (part of) a message, as opposed to ping, pong or close. */
  private static boolean isData(Object frame) {
    return frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
        || frame instanceof ContinuationWebSocketFrame;
  }
}
