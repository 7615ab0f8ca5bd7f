package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpMessage;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.internal.FlowAccess;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Instant;

/**
 * Forwards the response of a {@link ClientSession} to the client: aggregated for the response
 * event, or streamed chunk by chunk through its stream transformer.
 */
final class ResponseForwarder {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private final ClientSession session;

  ResponseForwarder(ClientSession session) {
    this.session = session;
  }

  void afterResponseHeaders(Exchange ex) {
    HttpResponse response = ex.flow.response();
    if (response != ex.received) {
      if (ex.webSocket != null && ex.flow.webSocket() == ex.webSocket.data()) {
        FLOWS.setWebSocket(ex.flow, null);
      }
      ex.webSocket = null;
      // a hook answered instead of the upstream: its body is not wanted, and the connection is mid-message
      session.endings.dropUpstream(ex);
      session.fire(HookEvent.RESPONSE, ex, () -> session.endings.writeFinalOrUpgrade(ex));
      return;
    }
    ex.phase = Exchange.Phase.RESPONSE_BODY;
    session.streamPoints.streamIfDeclaredPast(response, Messages.declaredLength(response));
    if (!response.isStreamed()) {
      ex.responseBody = new BodyBuffer(session.config.maxBodySize());
      return;
    }
    startStreamedResponse(ex, response);
  }

  /** Writes the head of the streamed {@code response}; its body follows chunk by chunk. */
  private void startStreamedResponse(Exchange ex, HttpResponse response) {
    boolean bodyless = ex.bodyless(response.statusCode());
    if (Messages.needsClose(response, bodyless, ex.clientVersion)) {
      ex.keepAlive = false;
    }
    ex.responseStarted = true;
    session.channel.writeAndFlush(Messages.streamedResponseHead(response, bodyless, ex.keepAlive, ex.clientVersion));
  }

  void responseContent(Exchange ex, Object msg) {
    HttpContent content = session.bodyChunk(ex, msg, 502, "response");
    if (content == null) {
      return;
    }
    if (ex.responseBody != null && session.streamPoints.passesStreamPoint(ex.flow.response(), ex.responseBody, content)
        && !streamResponseFromHere(ex)) {
      content.release();
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (ex.responseBody == null) {
      HttpContent out = outgoing(ex, ex.flow.response(), content);
      if (out == null) {
        return;
      }
      ChannelFuture written = session.channel.writeAndFlush(out);
      if (last) {
        ex.phase = Exchange.Phase.WRITING;
        ex.cancelTimeout();
        FLOWS.setTimestampEnd(ex.flow.response(), Instant.now());
        written.addListener(f -> streamedResponseWritten(ex));
      }
      return;
    }
    Headers trailers = last ? Messages.trailers((LastHttpContent) content) : null;
    boolean fits = ex.responseBody.append(content.content());
    content.release();
    if (!fits) {
      session.endings.failFlow(ex, FlowError.Kind.LIMIT_EXCEEDED, 502, "response body from " + ex.upstream.describe()
          + " exceeds the limit of " + session.config.maxBodySize() + " bytes", false);
      return;
    }
    if (last) {
      ex.cancelTimeout();
      Messages.setReceivedBody(ex.flow.response(), ex.responseBody.toByteArray(), trailers);
      ex.responseBody = null;
      ex.phase = Exchange.Phase.WAITING;
      session.fire(HookEvent.RESPONSE, ex, () -> session.endings.writeFinalOrUpgrade(ex));
    }
  }

  /**
   * The response body crossed its stream point: the head and what was buffered go out, the rest is
   * streamed. False when the stream transformer failed (and with it the flow).
   */
  private boolean streamResponseFromHere(Exchange ex) {
    HttpResponse response = ex.flow.response();
    response.setStreamed(true);
    byte[] buffered = ex.responseBody.toByteArray();
    ex.responseBody = null;
    startStreamedResponse(ex, response);
    if (buffered.length == 0) {
      return true;
    }
    HttpContent first = outgoing(ex, response, new DefaultHttpContent(Unpooled.wrappedBuffer(buffered)));
    if (first != null) {
      session.channel.write(first);
    }
    return first != null;
  }

  /**
   * {@code content} as it goes out for {@code message}: through its stream transformer, if any;
   * null, with the flow failed and the connection closing, when the transformer throws.
   */
  HttpContent outgoing(Exchange ex, HttpMessage message, HttpContent content) {
    try {
      return StreamedChunks.next(message, content);
    } catch (RuntimeException e) {
      String whose = message instanceof HttpRequest ? "request" : "response";
      session.endings.failFlow(ex, FlowError.Kind.HOOK_FAILED, 502,
          "the stream transformer of the " + whose + " failed: " + e, true);
      return null;
    }
  }

  private void streamedResponseWritten(Exchange ex) {
    if (ex == session.current && !session.ended) {
      session.fire(HookEvent.RESPONSE, ex, () -> session.endings.finishExchange(ex));
    }
  }
}
