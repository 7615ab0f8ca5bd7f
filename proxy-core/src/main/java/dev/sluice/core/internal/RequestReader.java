package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.ProxyMode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads requests from the client for a {@link ClientSession}: request heads, limits and
 * malformed input, the request events, and the request body (aggregated, streamed or discarded).
 */
final class RequestReader {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private static final Logger log = LoggerFactory.getLogger(RequestReader.class);

  private final ClientSession session;

  RequestReader(ClientSession session) {
    this.session = session;
  }

  void startRequest(Object msg) {
    if (!(msg instanceof io.netty.handler.codec.http.HttpRequest head)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (head.decoderResult().isFailure()) {
        rejectMalformed(head.decoderResult().cause());
      } else {
        begin(head);
      }
    } finally {
      ReferenceCountUtil.release(head);
    }
  }

  private void rejectMalformed(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      reject(431, "request header section exceeds the limit of " + session.config.maxHeaderSize() + " bytes");
    } else if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
      reject(414, "request line is too long");
    } else {
      reject(400, "malformed request: " + cause.getMessage());
    }
  }

  /** Answers a request that never became a flow, and closes the connection. */
  private void reject(int status, String message) {
    log.debug("client {}: {} {}", session.client.peer(), status, message);
    session.closing = true;
    session.releaseQueues();
    List<HttpObject> out = Messages.wholeResponse(Messages.errorResponse(status, message), false, false, "HTTP/1.1");
    session.closer.lingerThenClose(Messages.writeAll(session.channel, out));
  }

  private void begin(io.netty.handler.codec.http.HttpRequest head) {
    boolean connect = head.method().equals(HttpMethod.CONNECT);
    HttpRequest request;
    try {
      request = Messages.request(head, target(head, connect));
    } catch (IllegalArgumentException e) {
      reject(400, e.getMessage());
      return;
    }
    if (!connect && RequestTarget.isAbsolute(head.uri())) {
      session.carriedAbsoluteForm = true;
    }
    Exchange ex = new Exchange(FLOWS.newFlow(session.client, request), HttpUtil.isKeepAlive(head), connect);
    if (!connect && WebSocketUpgrade.isRequest(head)) {
      ex.webSocketRequest = true;
      WebSocketUpgrade.stripExtensions(request.headers());
    }
    session.current = ex;
    session.replay.started(ex.flow);
    if (connect) {
      ex.requestSink = Exchange.Sink.DISCARD;
      ex.phase = Exchange.Phase.REQUEST_BODY;
      return;
    }
    if (session.config.mode().kind() == ProxyMode.Kind.REVERSE && !session.config.keepHostHeader()) {
      request.headers().set("Host", RequestTarget.of(session.config.mode().target()).hostHeader());
    }
    long declared = HttpUtil.getContentLength(head, -1L);
    boolean expectContinue = HttpUtil.is100ContinueExpected(head);
    session.fire(HookEvent.REQUEST_HEADERS, ex, () -> afterRequestHeaders(ex, declared, expectContinue));
  }

  private void afterRequestHeaders(Exchange ex, long declaredLength, boolean expectContinue) {
    HttpRequest request = ex.flow.request();
    session.streamPoints.streamIfDeclaredPast(request, declaredLength);
    boolean streamed = request.isStreamed();
    if (ex.flow.hasResponse()) {
      if (expectContinue) {
        ex.keepAlive = false;
        respondFromHook(ex);
        return;
      }
      ex.requestSink = streamed ? Exchange.Sink.DISCARD : Exchange.Sink.AGGREGATE;
    } else {
      ex.requestSink = streamed ? Exchange.Sink.STREAM : Exchange.Sink.AGGREGATE;
    }
    if (ex.requestSink == Exchange.Sink.AGGREGATE) {
      if (declaredLength > session.config.maxBodySize()) {
        session.endings.failFlow(ex, FlowError.Kind.LIMIT_EXCEEDED, 413, "request body of " + declaredLength
            + " bytes exceeds the limit of " + session.config.maxBodySize() + " bytes", true);
        return;
      }
      ex.requestBody = new BodyBuffer(session.config.maxBodySize());
    }
    if (expectContinue) {
      session.channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
    ex.phase = Exchange.Phase.REQUEST_BODY;
    if (ex.requestSink == Exchange.Sink.STREAM) {
      fireStreamedRequest(ex);
    }
  }

  /** The request event of a streamed request, before its body: then it goes upstream, unless a hook answered. */
  private void fireStreamedRequest(Exchange ex) {
    session.fire(HookEvent.REQUEST, ex, () -> {
      if (ex.flow.hasResponse()) {
        ex.requestSink = Exchange.Sink.DISCARD;
        ex.requestPrefix = null;
      } else {
        session.upstreams.forward(ex);
      }
    });
  }

  /** The request body crossed its stream point: {@code content} and the rest are streamed after what was buffered. */
  private void streamRequestFrom(Exchange ex, HttpContent content) {
    session.fromClient.addFirst(content);
    ex.flow.request().setStreamed(true);
    byte[] buffered = ex.requestBody.toByteArray();
    ex.requestBody = null;
    if (ex.flow.hasResponse()) {
      ex.requestSink = Exchange.Sink.DISCARD;
      return;
    }
    ex.requestSink = Exchange.Sink.STREAM;
    ex.requestPrefix = buffered;
    fireStreamedRequest(ex);
  }

  void requestContent(Exchange ex, Object msg) {
    HttpContent content = session.bodyChunk(ex, msg, 400, "request");
    if (content == null) {
      return;
    }
    if (ex.requestSink == Exchange.Sink.AGGREGATE && session.streamPoints.passesStreamPoint(ex.flow.request(), ex.requestBody, content)) {
      streamRequestFrom(ex, content);
      return;
    }
    boolean last = content instanceof LastHttpContent;
    Headers trailers = last ? Messages.trailers((LastHttpContent) content) : null;
    switch (ex.requestSink) {
      case AGGREGATE -> {
        boolean fits = ex.requestBody.append(content.content());
        content.release();
        if (!fits) {
          session.endings.failFlow(ex, FlowError.Kind.LIMIT_EXCEEDED, 413,
              "request body exceeds the limit of " + session.config.maxBodySize() + " bytes", true);
          return;
        }
      }
      case STREAM -> {
        HttpContent out = session.responses.outgoing(ex, ex.flow.request(), content);
        if (out == null) {
          return;
        }
        ex.upstream.channel().writeAndFlush(out);
        // the upstream takes the body: it is not late while it does
        session.upstreams.armTimeout(ex);
      }
      case DISCARD -> content.release();
    }
    if (last) {
      requestDone(ex, trailers);
    }
  }

  private void requestDone(Exchange ex, Headers trailers) {
    ex.requestComplete = true;
    HttpRequest request = ex.flow.request();
    if (ex.requestSink == Exchange.Sink.AGGREGATE) {
      Messages.setReceivedBody(request, ex.requestBody.toByteArray(), trailers);
      ex.requestBody = null;
    } else {
      FLOWS.setTimestampEnd(request, Instant.now());
    }
    if (ex.errorAnswer != null) {
      session.endings.writeFinal(ex, ex.errorAnswer, ex.keepAlive);
    } else if (ex.connect) {
      ex.phase = Exchange.Phase.WAITING;
      session.fire(HookEvent.HTTP_CONNECT, ex, () -> session.connects.afterHttpConnect(ex));
    } else if (ex.flow.hasResponse()) {
      respondFromHook(ex);
    } else if (ex.requestSink == Exchange.Sink.STREAM) {
      ex.phase = Exchange.Phase.AWAIT_RESPONSE;
    } else {
      ex.phase = Exchange.Phase.WAITING;
      session.fire(HookEvent.REQUEST, ex, () -> {
        if (ex.flow.hasResponse()) {
          respondFromHook(ex);
        } else {
          session.upstreams.forward(ex);
        }
      });
    }
  }

  private void respondFromHook(Exchange ex) {
    ex.phase = Exchange.Phase.WAITING;
    session.fire(HookEvent.RESPONSE_HEADERS, ex, () ->
        session.fire(HookEvent.RESPONSE, ex, () -> session.endings.writeFinalOrUpgrade(ex)));
  }

  /**
   * Where request {@code head} goes: an origin-form request into the tunnel, or (in regular and
   * upstream mode, once the connection has carried an absolute-form request) to the server its
   * {@code Host} header names; any other request by mode.
   */
  RequestTarget target(io.netty.handler.codec.http.HttpRequest head, boolean connect) {
    String uri = head.uri();
    if (connect || RequestTarget.isAbsolute(uri)) {
      return RequestTarget.forMode(session.config.mode(), uri, connect);
    }
    if (session.tunnelTarget != null) {
      return new RequestTarget(session.tunnelTarget.scheme(), session.tunnelTarget.host(), session.tunnelTarget.port(), "", uri);
    }
    if (session.carriedAbsoluteForm && session.config.mode().kind() != ProxyMode.Kind.REVERSE) {
      return RequestTarget.fromHostHeader(head.headers().getAll(HttpHeaderNames.HOST), uri);
    }
    return RequestTarget.forMode(session.config.mode(), uri, false);
  }
}
