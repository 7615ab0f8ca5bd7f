package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpMessage;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.TlsFailure;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.internal.tls.UpstreamHandshake;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads requests, runs the hooks, talks to the upstream and writes the
 * responses back, one flow at a time (pipelined requests wait in order).
 *
 * <p>Everything runs on the connection's event loop. Messages from both sides are queued and
 * handled by {@link #pump()}, which stops while hooks run on the worker pool ({@code paused}).
 * Reads are requested explicitly, only when the current step needs bytes from that side and the
 * other side can take them: that is the back-pressure.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {

  /** The name of this handler in the client pipeline. */
  static final String NAME = "session";

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  private static final Object UPSTREAM_CLOSED = new Object();
  private static final long LINGER_MILLIS = 2_000;

  private record Inbound(UpstreamConnection connection, Object message) {}

  private final SessionContext context;
  private final ProxyConfig config;
  private final ArrayDeque<Object> fromClient = new ArrayDeque<>();
  private final ArrayDeque<Inbound> fromUpstream = new ArrayDeque<>();
  private final Map<String, UpstreamConnection> pool = new HashMap<>();
  private Channel channel;
  private ClientConnection client;
  private Exchange current;
  private boolean paused;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean clientGone;
  private boolean ended;
  private boolean closing;
  private boolean tunnelled;
  private RequestTarget tunnelTarget;
  private boolean sniffing;
  private ReplayTicket replay = ReplayTicket.NONE;

  ClientSession(SessionContext context) {
    this.context = context;
    this.config = context.config();
  }

  // ---- channel events -------------------------------------------------------------------------

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    replay = context.replays().claim(channel.remoteAddress());
    client = ClientConnection.of((InetSocketAddress) channel.remoteAddress(),
        (InetSocketAddress) channel.localAddress());
    paused = true;
    context.hooks().run(HookEvent.CLIENT_CONNECTED, client, channel.eventLoop(), this::resumeAfterHooks);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (ended || closing || tunnelled) {
      ReferenceCountUtil.release(msg);
      if (closing) {
        channel.read();
      }
      return;
    }
    fromClient.add(msg);
    pump();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    updateReads();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    pumpLater();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    clientGone = true;
    if (!paused) {
      endSession();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      onIdle();
    }
    ReferenceCountUtil.release(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection {} failed", ctx.channel(), cause);
    ctx.close();
  }

  void upstreamRead(UpstreamConnection connection, Object msg) {
    if (ended || tunnelled) {
      ReferenceCountUtil.release(msg);
      return;
    }
    fromUpstream.add(new Inbound(connection, msg));
    pump();
  }

  void upstreamClosed(UpstreamConnection connection) {
    pool.remove(connection.key(), connection);
    if (!ended) {
      fromUpstream.add(new Inbound(connection, UPSTREAM_CLOSED));
      pump();
    }
  }

  // ---- the pump -------------------------------------------------------------------------------

  /**
   * {@link #pump()} as a new event-loop task. For writability changes: they fire in the middle of
   * a write, possibly while an encoder is still writing one message's parts, and a message written
   * from there would land between them.
   */
  void pumpLater() {
    channel.eventLoop().execute(this::pump);
  }

  /** Handles queued messages until the current step must wait, then requests the reads it needs. */
  void pump() {
    if (tunnelled) {
      return;
    }
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (!paused && !ended && !closing && step()) {
          // each step handles one message
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    updateReads();
  }

  private boolean step() {
    Inbound stale = fromUpstream.peek();
    if (stale != null && (current == null || stale.connection() != current.upstream)) {
      fromUpstream.poll();
      discard(stale);
      return true;
    }
    Exchange ex = current;
    if (ex == null) {
      Object msg = fromClient.poll();
      if (msg != null) {
        startRequest(msg);
      }
      return msg != null;
    }
    switch (ex.phase) {
      case REQUEST_BODY -> {
        if (ex.requestSink == Exchange.Sink.STREAM && ex.upstream == null) {
          return false;
        }
        Object msg = fromClient.poll();
        if (msg != null) {
          requestContent(ex, msg);
        }
        return msg != null;
      }
      case AWAIT_RESPONSE, RESPONSE_BODY -> {
        Inbound in = fromUpstream.poll();
        if (in != null) {
          upstreamMessage(ex, in.message());
        }
        return in != null;
      }
      default -> {
        return false;
      }
    }
  }

  private void updateReads() {
    if (ended || tunnelled || channel == null) {
      return;
    }
    if (closing) {
      channel.read();
      return;
    }
    if (paused) {
      return;
    }
    if (fromClient.isEmpty() && wantsClientBytes()) {
      channel.read();
    }
    Exchange ex = current;
    if (ex != null && ex.upstream != null && fromUpstream.isEmpty() && wantsUpstreamBytes(ex)) {
      ex.upstream.channel().read();
    }
  }

  private boolean wantsClientBytes() {
    Exchange ex = current;
    if (ex == null) {
      return true;
    }
    return switch (ex.phase) {
      case REQUEST_BODY -> ex.requestSink != Exchange.Sink.STREAM
          || (ex.upstream != null && ex.upstream.channel().isWritable());
      // read ahead while the upstream answers, so a client that leaves is noticed
      case AWAIT_RESPONSE, RESPONSE_BODY -> !ex.connect;
      default -> false;
    };
  }

  private boolean wantsUpstreamBytes(Exchange ex) {
    return ex.phase == Exchange.Phase.AWAIT_RESPONSE
        || (ex.phase == Exchange.Phase.RESPONSE_BODY && (ex.responseBody != null || channel.isWritable()));
  }

  private void discard(Inbound stale) {
    ReferenceCountUtil.release(stale.message());
    if (stale.message() != UPSTREAM_CLOSED) {
      pool.remove(stale.connection().key(), stale.connection());
      stale.connection().channel().close();
    }
  }

  // ---- hooks ----------------------------------------------------------------------------------

  /** Runs a flow event; {@code next} continues the flow unless a hook killed it, failed, or the client left. */
  private void fire(HookEvent event, Exchange ex, Runnable next) {
    paused = true;
    context.hooks().run(event, ex.flow, channel.eventLoop(), new HookRunner.Outcome() {
      @Override
      public void done() {
        paused = false;
        if (clientGone) {
          endSession();
        } else if (ex.flow.isKilled()) {
          kill(ex);
          pump();
        } else {
          next.run();
          pump();
        }
      }

      @Override
      public void failed(FlowHook hook, Throwable failure) {
        paused = false;
        if (clientGone) {
          endSession();
        } else {
          failFlow(ex, FlowError.Kind.HOOK_FAILED, 502,
              "hook " + hook.name() + " failed in " + event.methodName() + ": " + failure, false);
          pump();
        }
      }
    });
  }

  /** Runs the error event, then {@code next} whatever the hooks did. */
  private void fireError(Exchange ex, Runnable next) {
    paused = true;
    context.hooks().run(HookEvent.ERROR, ex.flow, channel.eventLoop(), () -> {
      paused = false;
      next.run();
      resumeAfterHooks();
    });
  }

  private void resumeAfterHooks() {
    paused = false;
    if (clientGone) {
      endSession();
    } else {
      pump();
    }
  }

  // ---- requests -------------------------------------------------------------------------------

  private void startRequest(Object msg) {
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
      reject(431, "request header section exceeds the limit of " + config.maxHeaderSize() + " bytes");
    } else if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
      reject(414, "request line is too long");
    } else {
      reject(400, "malformed request: " + cause.getMessage());
    }
  }

  /** Answers a request that never became a flow, and closes the connection. */
  private void reject(int status, String message) {
    log.debug("client {}: {} {}", client.peer(), status, message);
    closing = true;
    releaseQueues();
    List<HttpObject> out = Messages.wholeResponse(errorResponse(status, message), false, false, "HTTP/1.1");
    lingerThenClose(writeAll(channel, out));
  }

  private void begin(io.netty.handler.codec.http.HttpRequest head) {
    boolean connect = head.method().equals(HttpMethod.CONNECT);
    HttpRequest request;
    try {
      request = Messages.request(head, target(head.uri(), connect));
    } catch (IllegalArgumentException e) {
      reject(400, e.getMessage());
      return;
    }
    Exchange ex = new Exchange(HttpFlow.create(client, request), HttpUtil.isKeepAlive(head), connect);
    current = ex;
    replay.started(ex.flow);
    if (connect) {
      ex.requestSink = Exchange.Sink.DISCARD;
      ex.phase = Exchange.Phase.REQUEST_BODY;
      return;
    }
    if (config.mode().kind() == ProxyMode.Kind.REVERSE && !config.keepHostHeader()) {
      request.headers().set("Host", RequestTarget.of(config.mode().target()).hostHeader());
    }
    long declared = HttpUtil.getContentLength(head, -1L);
    boolean expectContinue = HttpUtil.is100ContinueExpected(head);
    fire(HookEvent.REQUEST_HEADERS, ex, () -> afterRequestHeaders(ex, declared, expectContinue));
  }

  private void afterRequestHeaders(Exchange ex, long declaredLength, boolean expectContinue) {
    HttpRequest request = ex.flow.request();
    streamIfDeclaredPast(request, declaredLength);
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
      if (declaredLength > config.maxBodySize()) {
        failFlow(ex, FlowError.Kind.LIMIT_EXCEEDED, 413, "request body of " + declaredLength
            + " bytes exceeds the limit of " + config.maxBodySize() + " bytes", true);
        return;
      }
      ex.requestBody = new BodyBuffer(config.maxBodySize());
    }
    if (expectContinue) {
      channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
    ex.phase = Exchange.Phase.REQUEST_BODY;
    if (ex.requestSink == Exchange.Sink.STREAM) {
      fireStreamedRequest(ex);
    }
  }

  /** The request event of a streamed request, before its body: then it goes upstream, unless a hook answered. */
  private void fireStreamedRequest(Exchange ex) {
    fire(HookEvent.REQUEST, ex, () -> {
      if (ex.flow.hasResponse()) {
        ex.requestSink = Exchange.Sink.DISCARD;
        ex.requestPrefix = null;
      } else {
        forward(ex);
      }
    });
  }

  /** The request body crossed its stream point: {@code content} and the rest are streamed after what was buffered. */
  private void streamRequestFrom(Exchange ex, HttpContent content) {
    fromClient.addFirst(content);
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

  /**
   * {@code msg} as a body chunk; or null, with {@code msg} released, when it is none or malformed
   * (then the flow fails with {@code status} and the connection closes).
   */
  private HttpContent bodyChunk(Exchange ex, Object msg, int status, String whose) {
    if (!(msg instanceof HttpContent content)) {
      ReferenceCountUtil.release(msg);
      return null;
    }
    if (content.decoderResult().isFailure()) {
      Throwable cause = content.decoderResult().cause();
      content.release();
      failFlow(ex, FlowError.Kind.PROTOCOL_ERROR, status, "malformed " + whose + " body: " + cause.getMessage(), true);
      return null;
    }
    return content;
  }

  private void requestContent(Exchange ex, Object msg) {
    HttpContent content = bodyChunk(ex, msg, 400, "request");
    if (content == null) {
      return;
    }
    if (ex.requestSink == Exchange.Sink.AGGREGATE && passesStreamPoint(ex.flow.request(), ex.requestBody, content)) {
      streamRequestFrom(ex, content);
      return;
    }
    boolean last = content instanceof LastHttpContent;
    Headers trailers = last ? trailers((LastHttpContent) content) : null;
    switch (ex.requestSink) {
      case AGGREGATE -> {
        boolean fits = ex.requestBody.append(content.content());
        content.release();
        if (!fits) {
          failFlow(ex, FlowError.Kind.LIMIT_EXCEEDED, 413,
              "request body exceeds the limit of " + config.maxBodySize() + " bytes", true);
          return;
        }
      }
      case STREAM -> {
        HttpContent out = outgoing(ex, ex.flow.request(), content);
        if (out == null) {
          return;
        }
        ex.upstream.channel().writeAndFlush(out);
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
      request.setTimestampEnd(Instant.now());
    }
    if (ex.errorAnswer != null) {
      writeFinal(ex, ex.errorAnswer, ex.keepAlive);
    } else if (ex.connect) {
      ex.phase = Exchange.Phase.WAITING;
      fire(HookEvent.HTTP_CONNECT, ex, () -> afterHttpConnect(ex));
    } else if (ex.flow.hasResponse()) {
      respondFromHook(ex);
    } else if (ex.requestSink == Exchange.Sink.STREAM) {
      ex.phase = Exchange.Phase.AWAIT_RESPONSE;
    } else {
      ex.phase = Exchange.Phase.WAITING;
      fire(HookEvent.REQUEST, ex, () -> {
        if (ex.flow.hasResponse()) {
          respondFromHook(ex);
        } else {
          forward(ex);
        }
      });
    }
  }

  private void respondFromHook(Exchange ex) {
    ex.phase = Exchange.Phase.WAITING;
    fire(HookEvent.RESPONSE_HEADERS, ex, () ->
        fire(HookEvent.RESPONSE, ex, () -> writeFinal(ex, ex.flow.response(), ex.keepAlive)));
  }

  // ---- upstream -------------------------------------------------------------------------------

  private void forward(Exchange ex) {
    HttpRequest request = ex.flow.request();
    RequestTarget destination = destination(request);
    String key = destination.scheme() + "://" + destination.host() + ":" + destination.port();
    UpstreamConnection pooled = pool.get(key);
    if (pooled != null && pooled.isActive()) {
      send(ex, pooled);
      return;
    }
    if (ex.requestSink != Exchange.Sink.STREAM) {
      ex.phase = Exchange.Phase.WAITING;
    }
    UpstreamConnection connection = new UpstreamConnection(this, key, destination.host(), destination.port());
    connect(connection, true, upstreamTls(destination)).addListener((Future<Channel> f) -> {
      if (connected(ex, connection, f)) {
        pool.put(key, connection);
        send(ex, connection);
      }
      pump();
    });
  }

  /** Where the proxy connects for {@code request}: the next proxy in upstream mode, else the request's host. */
  private RequestTarget destination(HttpRequest request) {
    if (config.mode().kind() == ProxyMode.Kind.UPSTREAM) {
      return RequestTarget.of(config.mode().target());
    }
    return new RequestTarget(request.scheme(), request.host(), request.port(), "", "/");
  }

  private Future<Channel> connect(UpstreamConnection connection, boolean http, SslHandler tls) {
    Future<Channel> connecting = context.connector().connect(channel.eventLoop(), connection.server().host(),
        connection.server().port(), new UpstreamPipeline(connection, http ? config.maxHeaderSize() : 0, tls));
    return tls == null ? connecting : UpstreamHandshake.after(connecting, tls, channel.eventLoop());
  }

  /**
   * TLS for a connection to {@code destination} when it is {@code https} (and not the next proxy),
   * asking for the name the client asked this proxy for, else the destination host.
   */
  private SslHandler upstreamTls(RequestTarget destination) {
    if (!destination.scheme().equals("https")) {
      return null;
    }
    return context.tls().upstream().newHandler(channel.alloc(), upstreamName(destination.host()), destination.port());
  }

  /** The name to ask an upstream at {@code host} for: the SNI the client sent into a tunnel, else {@code host}. */
  private String upstreamName(String host) {
    boolean tunnel = tunnelTarget != null && client.tls() != null && client.tls().sni() != null;
    return tunnel ? client.tls().sni() : host;
  }

  /** Whether the connect attempt of {@code ex} succeeded and the flow still wants it; fails the flow if not. */
  private boolean connected(Exchange ex, UpstreamConnection connection, Future<Channel> attempt) {
    if (!attempt.isSuccess()) {
      if (ex == current && !ended && attempt.cause() instanceof UpstreamHandshake.FailedException tls) {
        upstreamTlsFailed(ex, connection, tls.getMessage());
      } else if (ex == current && !ended) {
        failFlow(ex, FlowError.Kind.CONNECT_FAILED, 502,
            "cannot connect to " + connection.describe() + ": " + reason(attempt.cause()), false);
      }
      return false;
    }
    if (ex != current || ended || ex.phase == Exchange.Phase.DONE) {
      attempt.getNow().close();
      return false;
    }
    connection.connected(attempt.getNow());
    ex.upstream = connection;
    ex.flow.setServer(connection.server());
    return true;
  }

  private void upstreamTlsFailed(Exchange ex, UpstreamConnection connection, String reason) {
    TlsFailure failure = new TlsFailure(client, TlsFailure.Side.SERVER, upstreamName(connection.server().host()),
        reason);
    context.hooks().run(HookEvent.TLS_FAILED, failure, channel.eventLoop(), () -> { });
    failFlow(ex, FlowError.Kind.TLS_FAILED, 502, "TLS handshake with upstream " + connection.describe()
        + " failed: " + reason, false);
  }

  private void send(Exchange ex, UpstreamConnection connection) {
    ex.upstream = connection;
    ex.flow.setServer(connection.server());
    HttpRequest request = ex.flow.request();
    String target = config.mode().kind() == ProxyMode.Kind.UPSTREAM ? request.url() : request.path();
    ex.upstreamReusable = request.httpVersion().equals("HTTP/1.1");
    if (ex.requestSink == Exchange.Sink.STREAM) {
      HttpContent first = null;
      if (ex.requestPrefix != null && ex.requestPrefix.length > 0) {
        first = outgoing(ex, request, new DefaultHttpContent(Unpooled.wrappedBuffer(ex.requestPrefix)));
        ex.requestPrefix = null;
        if (first == null) {
          return;
        }
      }
      connection.channel().write(Messages.streamedRequestHead(request, target));
      if (first != null) {
        connection.channel().write(first);
      }
      connection.channel().flush();
    } else {
      writeAll(connection.channel(), Messages.wholeRequest(request, target));
      ex.phase = Exchange.Phase.AWAIT_RESPONSE;
    }
    armTimeout(ex);
  }

  private void armTimeout(Exchange ex) {
    ex.cancelTimeout();
    ex.timeout = channel.eventLoop().schedule(() -> timedOut(ex), config.responseTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void timedOut(Exchange ex) {
    ex.timeout = null;
    if (ex != current || ended) {
      return;
    }
    if (paused) {
      armTimeout(ex);
      return;
    }
    boolean waiting = ex.phase == Exchange.Phase.AWAIT_RESPONSE || ex.phase == Exchange.Phase.RESPONSE_BODY
        || (ex.phase == Exchange.Phase.REQUEST_BODY && ex.requestSink == Exchange.Sink.STREAM);
    if (waiting && ex.upstream != null) {
      failFlow(ex, FlowError.Kind.TIMEOUT, 504, "upstream " + ex.upstream.describe() + " did not answer within "
          + config.responseTimeout().toMillis() + " ms", false);
      pump();
    }
  }

  private void upstreamMessage(Exchange ex, Object msg) {
    if (msg == UPSTREAM_CLOSED) {
      failFlow(ex, FlowError.Kind.UPSTREAM_RESET, 502, "upstream " + ex.upstream.describe()
          + " closed the connection before the response was complete", ex.phase == Exchange.Phase.RESPONSE_BODY);
      return;
    }
    armTimeout(ex);
    if (ex.phase == Exchange.Phase.AWAIT_RESPONSE) {
      responseHead(ex, msg);
    } else {
      responseContent(ex, msg);
    }
  }

  private void responseHead(Exchange ex, Object msg) {
    if (!(msg instanceof io.netty.handler.codec.http.HttpResponse head)) {
      ReferenceCountUtil.release(msg);
      ex.skippingInterim = false;
      return;
    }
    try {
      if (head.decoderResult().isFailure()) {
        failFlow(ex, FlowError.Kind.PROTOCOL_ERROR, 502, "upstream " + ex.upstream.describe()
            + " sent a malformed response: " + head.decoderResult().cause().getMessage(), false);
        return;
      }
      int status = head.status().code();
      if (status < 200 && status != 101) {
        ex.skippingInterim = true;
        return;
      }
      HttpResponse response;
      try {
        response = Messages.response(head);
      } catch (IllegalArgumentException e) {
        failFlow(ex, FlowError.Kind.PROTOCOL_ERROR, 502, "upstream " + ex.upstream.describe()
            + " sent a malformed response: " + e.getMessage(), false);
        return;
      }
      ex.upstreamReusable &= HttpUtil.isKeepAlive(head);
      ex.flow.respond(response);
      ex.received = response;
      if (ex.connect) {
        chainedTunnelAnswered(ex, head);
        return;
      }
      ex.phase = Exchange.Phase.WAITING;
      fire(HookEvent.RESPONSE_HEADERS, ex, () -> afterResponseHeaders(ex));
    } finally {
      ReferenceCountUtil.release(head);
    }
  }

  private void afterResponseHeaders(Exchange ex) {
    HttpResponse response = ex.flow.response();
    if (response != ex.received) {
      // a hook answered instead of the upstream: its body is not wanted, and the connection is mid-message
      dropUpstream(ex);
      fire(HookEvent.RESPONSE, ex, () -> writeFinal(ex, ex.flow.response(), ex.keepAlive));
      return;
    }
    ex.phase = Exchange.Phase.RESPONSE_BODY;
    streamIfDeclaredPast(response, Messages.declaredLength(response));
    if (!response.isStreamed()) {
      ex.responseBody = new BodyBuffer(config.maxBodySize());
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
    channel.writeAndFlush(Messages.streamedResponseHead(response, bodyless, ex.keepAlive, ex.clientVersion));
  }

  private void responseContent(Exchange ex, Object msg) {
    HttpContent content = bodyChunk(ex, msg, 502, "response");
    if (content == null) {
      return;
    }
    if (ex.responseBody != null && passesStreamPoint(ex.flow.response(), ex.responseBody, content)
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
      ChannelFuture written = channel.writeAndFlush(out);
      if (last) {
        ex.phase = Exchange.Phase.WRITING;
        ex.cancelTimeout();
        ex.flow.response().setTimestampEnd(Instant.now());
        written.addListener(f -> streamedResponseWritten(ex));
      }
      return;
    }
    Headers trailers = last ? trailers((LastHttpContent) content) : null;
    boolean fits = ex.responseBody.append(content.content());
    content.release();
    if (!fits) {
      failFlow(ex, FlowError.Kind.LIMIT_EXCEEDED, 502, "response body from " + ex.upstream.describe()
          + " exceeds the limit of " + config.maxBodySize() + " bytes", false);
      return;
    }
    if (last) {
      ex.cancelTimeout();
      Messages.setReceivedBody(ex.flow.response(), ex.responseBody.toByteArray(), trailers);
      ex.responseBody = null;
      ex.phase = Exchange.Phase.WAITING;
      if (ex.connect) {
        writeFinal(ex, ex.flow.response(), false);
      } else {
        fire(HookEvent.RESPONSE, ex, () -> writeFinal(ex, ex.flow.response(), ex.keepAlive));
      }
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
      channel.write(first);
    }
    return first != null;
  }

  /**
   * {@code content} as it goes out for {@code message}: through its stream transformer, if any;
   * null, with the flow failed and the connection closing, when the transformer throws.
   */
  private HttpContent outgoing(Exchange ex, HttpMessage message, HttpContent content) {
    try {
      return StreamedChunks.next(message, content);
    } catch (RuntimeException e) {
      String whose = message instanceof HttpRequest ? "request" : "response";
      failFlow(ex, FlowError.Kind.HOOK_FAILED, 502, "the stream transformer of the " + whose + " failed: " + e, true);
      return null;
    }
  }

  private void streamedResponseWritten(Exchange ex) {
    if (ex == current && !ended) {
      fire(HookEvent.RESPONSE, ex, () -> finishExchange(ex));
    }
  }

  // ---- CONNECT --------------------------------------------------------------------------------

  private void afterHttpConnect(Exchange ex) {
    HttpFlow flow = ex.flow;
    if (flow.hasResponse() && flow.response().statusCode() / 100 != 2) {
      writeFinal(ex, flow.response(), ex.keepAlive);
      return;
    }
    boolean chained = config.mode().kind() == ProxyMode.Kind.UPSTREAM;
    if (!chained && config.connectionStrategy() == ConnectionStrategy.LAZY) {
      sniffTunnel(ex);
      return;
    }
    RequestTarget destination = destination(flow.request());
    UpstreamConnection connection = new UpstreamConnection(this, null, destination.host(), destination.port());
    connect(connection, chained, null).addListener((Future<Channel> f) -> {
      if (!connected(ex, connection, f)) {
        pump();
      } else if (chained) {
        String authority = flow.request().authority();
        DefaultFullHttpRequest connectRequest = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT,
            authority, Unpooled.EMPTY_BUFFER);
        connectRequest.headers().set(HttpHeaderNames.HOST, authority);
        connection.channel().writeAndFlush(connectRequest);
        ex.phase = Exchange.Phase.AWAIT_RESPONSE;
        armTimeout(ex);
        pump();
      } else {
        sniffTunnel(ex);
      }
    });
  }

  /**
   * Answers {@code CONNECT}, then lets the first bytes decide: TLS interception, HTTP, or a raw
   * tunnel. The upstream is connected already (eager), or not yet (lazy).
   */
  private void sniffTunnel(Exchange ex) {
    UpstreamConnection upstream = ex.upstream;
    ex.upstream = null;
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    current = null;
    paused = true;
    sniffing = true;
    releaseQueues();
    HttpRequest connect = ex.flow.request();
    TunnelSniffer sniffer = new TunnelSniffer(TunnelHandoff.connectTunnel(this, context, upstream, connect.host(),
        connect.port()));
    channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        new HttpResponseStatus(200, "Connection established"), Unpooled.EMPTY_BUFFER)).addListener(f -> {
          if (f.isSuccess() && channel.isActive()) {
            channel.pipeline().addFirst(TunnelSniffer.NAME, sniffer);
            channel.read();
          } else {
            if (upstream != null) {
              upstream.channel().close();
            }
            tunnelAbandoned();
          }
        });
  }

  // ---- what TunnelHandoff decided -------------------------------------------------------------

  ClientConnection client() {
    return client;
  }

  io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Stops handling requests until the hand-off decides. */
  void pause() {
    paused = true;
  }

  /** Relays raw bytes between the client and {@code server} from now on. */
  void tunnelRaw(Channel server) {
    tunnelled = true;
    sniffing = false;
    paused = false;
    releaseQueues();
    Tunnel.join(channel, server);
  }

  /**
   * Handles HTTP from now on: origin-form requests go to {@code target} when given, and flows see
   * {@code tlsClient} (the connection after its TLS handshake) when given.
   */
  void tunnelHttp(RequestTarget target, ClientConnection tlsClient) {
    sniffing = false;
    tunnelTarget = target;
    if (tlsClient != null) {
      client = tlsClient;
    }
    resumeAfterHooks();
  }

  /** Closes the client connection (its TLS handshake failed, or the tunnel cannot be opened). */
  void tunnelAbandoned() {
    sniffing = false;
    closing = true;
    channel.close();
    resumeAfterHooks();
  }

  /** Where a request with request-target {@code uri} goes: into the tunnel for origin form, else by mode. */
  private RequestTarget target(String uri, boolean connect) {
    if (tunnelTarget != null && !connect && !RequestTarget.isAbsolute(uri)) {
      return new RequestTarget(tunnelTarget.scheme(), tunnelTarget.host(), tunnelTarget.port(), "", uri);
    }
    return RequestTarget.forMode(config.mode(), uri, connect);
  }

  /** The next proxy answered our {@code CONNECT}: tunnel on 2xx, else relay its refusal. */
  private void chainedTunnelAnswered(Exchange ex, io.netty.handler.codec.http.HttpResponse head) {
    if (head.status().codeClass() == HttpStatusClass.SUCCESS) {
      openTunnel(ex, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(), Unpooled.EMPTY_BUFFER));
    } else {
      ex.keepAlive = false;
      ex.phase = Exchange.Phase.RESPONSE_BODY;
      ex.responseBody = new BodyBuffer(config.maxBodySize());
    }
  }

  private void openTunnel(Exchange ex, DefaultFullHttpResponse answer) {
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    current = null;
    tunnelled = true;
    releaseQueues();
    Channel server = ex.upstream.channel();
    channel.writeAndFlush(answer).addListener(f -> channel.eventLoop().execute(() -> Tunnel.join(channel, server)));
  }

  // ---- endings --------------------------------------------------------------------------------

  /** Fails the flow: error event, then a plain-text answer if the client can still get one. */
  private void failFlow(Exchange ex, FlowError.Kind kind, int status, String message, boolean closeClient) {
    if (ex.phase == Exchange.Phase.DONE || ex.phase == Exchange.Phase.WRITING) {
      return;
    }
    log.debug("flow {} failed: {}", ex.flow.request(), message);
    ex.phase = Exchange.Phase.WAITING;
    ex.flow.setError(FlowError.of(kind, message));
    ex.cancelTimeout();
    dropUpstream(ex);
    HttpResponse answer = errorResponse(status, message);
    fireError(ex, () -> {
      if (ex != current || ended) {
        return;
      }
      if (ex.responseStarted) {
        ex.phase = Exchange.Phase.DONE;
        closing = true;
        channel.close();
      } else if (!closeClient && !ex.requestComplete) {
        ex.phase = Exchange.Phase.REQUEST_BODY;
        ex.requestSink = Exchange.Sink.DISCARD;
        ex.requestBody = null;
        ex.errorAnswer = answer;
      } else {
        writeFinal(ex, answer, ex.keepAlive && !closeClient);
      }
    });
  }

  private void kill(Exchange ex) {
    ex.flow.setError(FlowError.of(FlowError.Kind.KILLED, "killed by a hook"));
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    dropUpstream(ex);
    closing = true;
    fireError(ex, channel::close);
  }

  private void writeFinal(Exchange ex, HttpResponse response, boolean keepAlive) {
    ex.phase = Exchange.Phase.WRITING;
    ex.responseStarted = true;
    ex.keepAlive = keepAlive;
    if (!keepAlive) {
      closing = true;
    }
    boolean bodyless = ex.bodyless(response.statusCode());
    writeAll(channel, Messages.wholeResponse(response, bodyless, keepAlive, ex.clientVersion))
        .addListener(f -> finishExchange(ex));
  }

  private void finishExchange(Exchange ex) {
    if (ex != current || ended) {
      return;
    }
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    UpstreamConnection upstream = ex.upstream;
    if (upstream != null) {
      if (ex.upstreamReusable && upstream.isActive() && upstream.key() != null) {
        upstream.channel().read();
      } else {
        pool.remove(upstream.key(), upstream);
        upstream.channel().close();
      }
    }
    current = null;
    if (!ex.keepAlive) {
      lingerThenClose(channel.newSucceededFuture());
      return;
    }
    pump();
  }

  private void dropUpstream(Exchange ex) {
    UpstreamConnection upstream = ex.upstream;
    if (upstream != null) {
      ex.upstream = null;
      pool.remove(upstream.key(), upstream);
      upstream.channel().close();
    }
  }

  private void onIdle() {
    if (sniffing && !closing) {
      tunnelAbandoned();
      return;
    }
    if (closing || ended || tunnelled || paused) {
      return;
    }
    Exchange ex = current;
    if (ex == null) {
      if (fromClient.isEmpty()) {
        closing = true;
        channel.close();
      }
    } else if (ex.phase == Exchange.Phase.REQUEST_BODY && ex.requestSink != Exchange.Sink.STREAM) {
      failFlow(ex, FlowError.Kind.TIMEOUT, 408, "the client sent nothing for "
          + config.idleTimeout().toMillis() + " ms while its request was incomplete", true);
    }
  }

  /** After the last write: half-close, keep draining what the client still sends, then close. */
  private void lingerThenClose(ChannelFuture lastWrite) {
    closing = true;
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    if (tls != null) {
      lastWrite.addListener(f -> halfCloseThenLinger(channel.isActive() ? tls.closeOutbound() : lastWrite));
    } else {
      halfCloseThenLinger(lastWrite);
    }
  }

  /** After {@code lastWrite} (and a TLS close_notify): half-close, keep draining, then close. */
  private void halfCloseThenLinger(Future<?> lastWrite) {
    lastWrite.addListener(f -> {
      if (channel instanceof DuplexChannel duplex && channel.isActive()) {
        duplex.shutdownOutput();
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        channel.read();
      } else {
        channel.close();
      }
    });
  }

  private void endSession() {
    if (ended) {
      return;
    }
    ended = true;
    Exchange ex = current;
    current = null;
    releaseQueues();
    for (UpstreamConnection upstream : new ArrayList<>(pool.values())) {
      upstream.channel().close();
    }
    pool.clear();
    if (ex != null) {
      ex.cancelTimeout();
      dropUpstream(ex);
    }
    if (ex != null && ex.phase != Exchange.Phase.DONE && ex.phase != Exchange.Phase.WRITING) {
      ex.phase = Exchange.Phase.DONE;
      ex.flow.setError(FlowError.of(FlowError.Kind.CLIENT_ABORTED,
          "client " + client.peer() + " disconnected before the flow was complete"));
      fireError(ex, this::fireDisconnected);
    } else {
      fireDisconnected();
    }
  }

  private void fireDisconnected() {
    context.hooks().run(HookEvent.CLIENT_DISCONNECTED, client, channel.eventLoop(), replay::finished);
  }

  private void releaseQueues() {
    fromClient.forEach(ReferenceCountUtil::release);
    fromClient.clear();
    fromUpstream.forEach(in -> ReferenceCountUtil.release(in.message()));
    fromUpstream.clear();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The body size past which {@code message} switches to streaming (its {@link HttpMessage#streamAfter()},
   * at most the body limit), or -1 when it asked for none.
   */
  private long streamPoint(HttpMessage message) {
    long after = message.streamAfter();
    return after < 0 ? -1 : Math.min(after, config.maxBodySize());
  }

  /** Streams {@code message} from its head on when its declared length is past its stream point. */
  private void streamIfDeclaredPast(HttpMessage message, long declaredLength) {
    long point = streamPoint(message);
    if (point >= 0 && declaredLength > point && !message.isStreamed()) {
      message.setStreamed(true);
    }
  }

  /** Whether appending {@code content} to {@code buffered} takes {@code message}'s body past its stream point. */
  private boolean passesStreamPoint(HttpMessage message, BodyBuffer buffered, HttpContent content) {
    long point = streamPoint(message);
    return point >= 0 && buffered.size() + content.content().readableBytes() > point;
  }

  private static ChannelFuture writeAll(Channel ch, List<HttpObject> objects) {
    for (int i = 0; i < objects.size() - 1; i++) {
      ch.write(objects.get(i));
    }
    return ch.writeAndFlush(objects.get(objects.size() - 1));
  }

  private static HttpResponse errorResponse(int status, String message) {
    return HttpResponse.of(status, "text/plain", "Sluice: " + message + "\n");
  }

  private static Headers trailers(LastHttpContent last) {
    return last.trailingHeaders().isEmpty() ? null : Messages.headers(last.trailingHeaders());
  }

  private static String reason(Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
