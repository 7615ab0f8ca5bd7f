package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.internal.FlowAccess;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Instant;
import java.util.List;

/**
 * The response half of an {@link Exchange}: the upstream's response through the response events
 * to the client, aggregated for the {@code response} event or streamed chunk by chunk through its
 * stream transformer; or a websocket once a 101 accepts the upgrade.
 */
final class ExchangeResponse {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private final Exchange ex;
  private final ProxyConfig config;
  private final StreamPoints streamPoints;
  private HttpResponse received;
  private BodyBuffer body;
  private boolean started;
  private WebSocketRelay webSocket;

  ExchangeResponse(Exchange ex) {
    this.ex = ex;
    this.config = ex.context.config();
    this.streamPoints = new StreamPoints(config.maxBodySize());
  }

  /** Whether part of the response went to the client: a failure can then only close the connection. */
  boolean isStarted() {
    return started;
  }

  /** The response is going out to the client. */
  void started() {
    started = true;
  }

  /** Whether the body is aggregated for the {@code response} event (not streamed). */
  boolean isAggregating() {
    return body != null;
  }

  /**
   * The upstream's response head: the flow's response, then the {@code responseHeaders} event. A
   * gRPC response is streamed, unless it came {@code whole} (a trailers-only answer, which goes out
   * whole too, as one frame).
   */
  void received(HttpResponse response, boolean whole) {
    if (Messages.isGrpc(response) && !whole) {
      response.setStreamed(true);
    }
    ex.flow.respond(response);
    received = response;
    if (ex.request.isWebSocket() && response.statusCode() == 101) {
      webSocket = new WebSocketRelay(ex.context, ex.flow, ex.client.channel().eventLoop());
      FLOWS.setWebSocket(ex.flow, webSocket.data());
    }
    ex.waiting();
    ex.fire(HookEvent.RESPONSE_HEADERS, this::afterResponseHeaders);
  }

  private void afterResponseHeaders() {
    HttpResponse response = ex.flow.response();
    if (response != received) {
      if (webSocket != null && ex.flow.webSocket() == webSocket.data()) {
        FLOWS.setWebSocket(ex.flow, null);
      }
      webSocket = null;
      // a hook answered instead of the upstream: its body is not wanted, and the connection is mid-message
      ex.upstream.drop();
      ex.fire(HookEvent.RESPONSE, this::writeFinalOrUpgrade);
      return;
    }
    ex.readingResponseBody();
    streamPoints.streamIfDeclaredPast(response, Messages.declaredLength(response));
    if (!response.isStreamed()) {
      body = new BodyBuffer(config.maxBodySize(), Messages.declaredLength(response));
      return;
    }
    startStreamed(response);
  }

  /** Writes the head of the streamed {@code response}; its body follows chunk by chunk. */
  private void startStreamed(HttpResponse response) {
    boolean bodyless = ex.bodyless(response.statusCode());
    if (Messages.needsClose(response, bodyless, ex.clientVersion)) {
      ex.closeAfterwards();
    }
    started = true;
    ex.client.channel().writeAndFlush(Messages.streamedResponseHead(response, bodyless, ex.keepAlive(), ex.clientVersion));
    if (takeFault(EngineFault.MALFORMED_CHUNK)) {
      ex.endWithFault(EngineFault.MALFORMED_CHUNK, () -> FaultPlayer.malformedChunk(ex.client.channel()));
    }
  }

  /** Whether the flow asked for {@code fault}, which is taken then. */
  private boolean takeFault(EngineFault fault) {
    if (ex.flow.attribute(FlowControls.FAULT) != fault) {
      return false;
    }
    ex.flow.removeAttribute(FlowControls.FAULT);
    return true;
  }

  /** A piece of the response body from the upstream. */
  void content(Object msg) {
    HttpContent content = ex.bodyChunk(msg, 502, "response");
    if (content == null) {
      return;
    }
    if (body != null && streamPoints.passesStreamPoint(ex.flow.response(), body, content) && !streamFromHere()) {
      content.release();
      return;
    }
    if (body == null) {
      if (takeFault(EngineFault.DROP_UPSTREAM)) {
        dropUpstreamWithin(content);
      } else if (ex.request.grpc() != null && GrpcCall.isGrpc(ex.flow.response().headers())) {
        ex.request.grpc().response(content, this::forwardStreamed);
      } else {
        forwardStreamed(content);
      }
      return;
    }
    boolean last = content instanceof LastHttpContent;
    Headers trailers = last ? Messages.trailers((LastHttpContent) content) : null;
    int bytes = content.content().readableBytes();
    boolean fits = body.append(content.content());
    content.release();
    if (!fits) {
      ex.fail(FlowError.Kind.LIMIT_EXCEEDED, 502, body.refusal("response body from " + ex.upstream.connection().describe()),
          false);
      return;
    }
    ex.paced(Pacing.Direction.RESPONSE, bytes);
    if (last) {
      ex.upstream.cancelTimeout();
      Messages.setReceivedBody(ex.flow.response(), body.toByteArray(), trailers);
      body = null;
      ex.waiting();
      ex.fire(HookEvent.RESPONSE, this::writeFinalOrUpgrade);
    }
  }

  /** Writes {@code content} of the streamed response to the client; after the last one, the {@code response} event. */
  void forwardStreamed(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    Headers trailers = last ? Messages.trailers((LastHttpContent) content) : null;
    int bytes = content.content().readableBytes();
    HttpContent out = ex.outgoing(ex.flow.response(), content);
    if (out == null) {
      return;
    }
    ChannelFuture written = ex.client.channel().writeAndFlush(out);
    ex.paced(Pacing.Direction.RESPONSE, bytes);
    if (last) {
      ex.writing();
      ex.upstream.cancelTimeout();
      FLOWS.setTimestampEnd(ex.flow.response(), Instant.now());
      if (trailers != null) {
        // gRPC's status comes here: the response event sees it
        ex.flow.response().setTrailers(trailers);
      }
      written.addListener(f -> streamedResponseWritten());
    }
  }

  /**
   * {@link EngineFault#DROP_UPSTREAM}: the first half of {@code content} goes to the client, then the
   * upstream connection closes and the client's with it, the body cut short.
   */
  private void dropUpstreamWithin(HttpContent content) {
    int half = content.content().readableBytes() / 2;
    HttpContent part = new DefaultHttpContent(content.content().readRetainedSlice(half));
    content.release();
    ex.endWithFault(EngineFault.DROP_UPSTREAM,
        () -> ex.client.channel().writeAndFlush(part).addListener(ChannelFutureListener.CLOSE));
  }

  /**
   * The response body crossed its stream point: the head and what was buffered go out, the rest is
   * streamed. False when the stream transformer failed (and with it the flow).
   */
  private boolean streamFromHere() {
    HttpResponse response = ex.flow.response();
    response.setStreamed(true);
    byte[] buffered = body.toByteArray();
    body = null;
    startStreamed(response);
    if (buffered.length == 0) {
      return true;
    }
    HttpContent first = ex.outgoing(response, new DefaultHttpContent(Unpooled.wrappedBuffer(buffered)));
    if (first != null) {
      ex.client.channel().write(first);
    }
    return first != null;
  }

  private void streamedResponseWritten() {
    if (ex.phase() != Exchange.Phase.DONE && !ex.client.isGone()) {
      ex.fire(HookEvent.RESPONSE, ex::finish);
    }
  }

  /** Writes the final response, or, when it accepts a websocket upgrade, hands both connections to the websocket. */
  void writeFinalOrUpgrade() {
    HttpResponse response = ex.flow.response();
    if (webSocket != null && response == received && received.statusCode() == 101) {
      upgradeToWebSocket();
    } else if (ex.request.isWebSocket() && response != received && response.statusCode() == 101) {
      replayWebSocket();
    } else {
      ex.writeFinal(response, ex.keepAlive());
    }
  }

  /**
   * The 101 goes to the client and the websocket takes over both channels, with the bytes the
   * upstream sent after its 101; the connection carries no more HTTP.
   */
  private void upgradeToWebSocket() {
    UpstreamConnection upstream = ex.upstream.takeForWebSocket();
    List<Object> early = ex.takeUpstreamQueue();
    ex.handOver(WebSocketUpgrade.switchingProtocols(ex.flow.response(), ex.clientVersion));
    webSocket.start(ex.client.channel(), upstream.channel(), early);
  }

  /**
   * A hook answered the upgrade with a 101 (server replay): the websocket data it attached, if any,
   * plays the server's side, with no upstream at all.
   */
  private void replayWebSocket() {
    WebSocketData recording = ex.flow.webSocket();
    ex.upstream.drop();
    ex.handOver(WebSocketUpgrade.replayedSwitchingProtocols(ex.flow.response(), ex.flow.request(), ex.clientVersion));
    new WebSocketRelay(ex.context, ex.flow, ex.client.channel().eventLoop())
        .startReplay(ex.client.channel(), RecordedWebSocketServer.open(), recording);
  }
}
