package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.ProxyMode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Instant;

/**
 * The request half of an {@link Exchange}: the request events, and the body, aggregated for the
 * {@code request} event, streamed upstream chunk by chunk, or discarded.
 */
final class ExchangeRequest {

  private static final FlowAccess FLOWS = FlowAccess.get();

  /** What happens to request body chunks. */
  private enum Sink { AGGREGATE, STREAM, DISCARD }

  private final Exchange ex;
  private final ProxyConfig config;
  private final StreamPoints streamPoints;
  private Sink sink = Sink.AGGREGATE;
  private BodyBuffer body;
  /** What was buffered of the body before it switched to streaming: it goes upstream after the head. */
  private byte[] prefix;
  private boolean complete;
  private boolean webSocket;
  private HttpResponse errorAnswer;
  private ExchangeGrpc grpc;

  ExchangeRequest(Exchange ex) {
    this.ex = ex;
    this.config = ex.context.config();
    this.streamPoints = new StreamPoints(config.maxBodySize());
  }

  /** The request head came (the flow holds it): the {@code requestHeaders} event, or for {@code CONNECT} the wait for its end. */
  void begin(io.netty.handler.codec.http.HttpRequest head) {
    HttpRequest request = ex.flow.request();
    if (ex.connect) {
      sink = Sink.DISCARD;
      ex.readingRequestBody();
      return;
    }
    if (WebSocketUpgrade.isRequest(head)) {
      webSocket = true;
      WebSocketUpgrade.stripExtensions(request.headers());
    }
    if (config.mode().kind() == ProxyMode.Kind.REVERSE && !config.keepHostHeader()) {
      request.headers().set("Host", RequestTarget.of(config.mode().target()).hostHeader());
    }
    if (Messages.isGrpc(request)) {
      // a call's messages pass one by one: a bidirectional call whose client waits for each reply lives
      request.setStreamed(true);
      if (GrpcCall.isGrpc(request.headers())) {
        grpc = new ExchangeGrpc(ex);
      }
    }
    long declared = HttpUtil.getContentLength(head, -1L);
    boolean expectContinue = HttpUtil.is100ContinueExpected(head);
    ex.fire(HookEvent.REQUEST_HEADERS, () -> afterRequestHeaders(declared, expectContinue));
  }

  /** Whether the request asks to upgrade to a websocket. */
  boolean isWebSocket() {
    return webSocket;
  }

  /** The messages of the gRPC call this request makes, or null when it is none. */
  ExchangeGrpc grpc() {
    return grpc;
  }

  /** Whether the body is streamed upstream. */
  boolean isStreamed() {
    return sink == Sink.STREAM;
  }

  /** Whether the request is still streaming upstream while its response is under way (full duplex). */
  boolean streamsAlongsideResponse() {
    return sink == Sink.STREAM && !complete && ex.upstream.headReceived();
  }

  /** Whether the whole request has come from the client. */
  boolean isComplete() {
    return complete;
  }

  /** Whether the body waits for an upstream connection before it can be streamed. */
  boolean waitsForUpstream() {
    return sink == Sink.STREAM && ex.upstream.connection() == null;
  }

  /** What was buffered before the body switched to streaming (taken once), or null. */
  byte[] takePrefix() {
    byte[] taken = prefix;
    prefix = null;
    return taken;
  }

  /** The flow failed before the request was complete: the rest of the body is read and dropped, then {@code answer} goes out. */
  void discardRestThenAnswer(HttpResponse answer) {
    ex.readingRequestBody();
    sink = Sink.DISCARD;
    body = null;
    errorAnswer = answer;
  }

  private void afterRequestHeaders(long declaredLength, boolean expectContinue) {
    HttpRequest request = ex.flow.request();
    streamPoints.streamIfDeclaredPast(request, declaredLength);
    boolean streamed = request.isStreamed();
    if (ex.flow.hasResponse()) {
      if (expectContinue) {
        ex.closeAfterwards();
        respondFromHook();
        return;
      }
      sink = streamed ? Sink.DISCARD : Sink.AGGREGATE;
    } else {
      sink = streamed ? Sink.STREAM : Sink.AGGREGATE;
    }
    if (sink == Sink.AGGREGATE) {
      if (declaredLength > config.maxBodySize()) {
        ex.fail(FlowError.Kind.LIMIT_EXCEEDED, 413, "request body of " + declaredLength
            + " bytes exceeds the limit of " + config.maxBodySize() + " bytes", true);
        return;
      }
      body = new BodyBuffer(config.maxBodySize(), declaredLength);
    }
    if (expectContinue) {
      ex.client.channel().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
    ex.readingRequestBody();
    if (sink == Sink.STREAM) {
      fireStreamedRequest();
    }
  }

  /** The request event of a streamed request, before its body: then it goes upstream, unless a hook answered. */
  private void fireStreamedRequest() {
    ex.fire(HookEvent.REQUEST, () -> {
      if (ex.flow.hasResponse()) {
        sink = Sink.DISCARD;
        prefix = null;
      } else {
        ex.upstream.forward();
      }
    });
  }

  /** The body crossed its stream point: {@code content} and the rest are streamed after what was buffered. */
  private void streamFrom(HttpContent content) {
    ex.unread(content);
    ex.flow.request().setStreamed(true);
    byte[] buffered = body.toByteArray();
    body = null;
    if (ex.flow.hasResponse()) {
      sink = Sink.DISCARD;
      return;
    }
    sink = Sink.STREAM;
    prefix = buffered;
    fireStreamedRequest();
  }

  /** A message of the body from the client. */
  void content(Object msg) {
    HttpContent content = ex.bodyChunk(msg, 400, "request");
    if (content == null) {
      return;
    }
    if (sink == Sink.AGGREGATE && streamPoints.passesStreamPoint(ex.flow.request(), body, content)) {
      streamFrom(content);
      return;
    }
    if (sink == Sink.STREAM && grpc != null) {
      grpc.request(content, this::take);
      return;
    }
    take(content);
  }

  /** Takes a chunk of the body (or, for a gRPC call, what its messages left of it) into the sink. */
  private void take(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    Headers trailers = last ? Messages.trailers((LastHttpContent) content) : null;
    int bytes = content.content().readableBytes();
    switch (sink) {
      case AGGREGATE -> {
        boolean fits = body.append(content.content());
        content.release();
        if (!fits) {
          ex.fail(FlowError.Kind.LIMIT_EXCEEDED, 413, body.refusal("request body"), true);
          return;
        }
      }
      case STREAM -> {
        HttpContent out = ex.outgoing(ex.flow.request(), content);
        if (out == null) {
          return;
        }
        ex.upstream.connection().channel().writeAndFlush(out);
        // the upstream takes the body: it is not late while it does
        ex.upstream.armTimeout();
      }
      case DISCARD -> content.release();
    }
    if (sink != Sink.DISCARD) {
      ex.paced(Pacing.Direction.REQUEST, bytes);
    }
    if (last) {
      ended(trailers);
    }
  }

  private void ended(Headers trailers) {
    complete = true;
    HttpRequest request = ex.flow.request();
    if (sink == Sink.AGGREGATE) {
      Messages.setReceivedBody(request, body.toByteArray(), trailers);
      body = null;
    } else {
      FLOWS.setTimestampEnd(request, Instant.now());
      if (trailers != null) {
        request.setTrailers(trailers);
      }
    }
    if (errorAnswer != null) {
      ex.writeFinal(errorAnswer, ex.keepAlive());
    } else if (ex.connect) {
      ex.waiting();
      ex.fire(HookEvent.HTTP_CONNECT, ex.upstream::afterHttpConnect);
    } else if (sink == Sink.STREAM) {
      // the body went upstream as it came; its answer may be under way already (full duplex)
      if (!ex.upstream.headReceived()) {
        ex.awaitingResponse();
      }
    } else if (ex.flow.hasResponse()) {
      respondFromHook();
    } else {
      ex.waiting();
      ex.fire(HookEvent.REQUEST, () -> {
        if (ex.flow.hasResponse()) {
          respondFromHook();
        } else {
          ex.upstream.forward();
        }
      });
    }
  }

  private void respondFromHook() {
    ex.waiting();
    ex.fire(HookEvent.RESPONSE_HEADERS, () -> ex.fire(HookEvent.RESPONSE, ex.response::writeFinalOrUpgrade));
  }
}
