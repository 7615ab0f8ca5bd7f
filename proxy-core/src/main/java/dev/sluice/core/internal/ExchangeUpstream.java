package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.TlsFailure;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.internal.tls.UpstreamHandshake;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The upstream half of an {@link Exchange}: connects (reusing a kept connection), sends the
 * request, times the answer, and reads the response head; for {@code CONNECT}, opens the tunnel.
 */
final class ExchangeUpstream {

  /** What the queue of an exchange holds when its upstream connection closed. */
  static final Object CLOSED = new Object();

  private static final FlowAccess FLOWS = FlowAccess.get();

  private final Exchange ex;
  private final ProxyConfig config;
  private UpstreamConnection connection;
  private boolean reusable;
  private boolean headReceived;
  /** When the upstream must have answered or sent more (on the event loop's ticker), or 0 when nothing is due. */
  private long deadline;
  /** The one pending check of {@link #deadline}: re-arming moves the deadline, not the check. */
  private ScheduledFuture<?> timeout;

  ExchangeUpstream(Exchange ex) {
    this.ex = ex;
    this.config = ex.context.config();
  }

  /** The upstream connection the exchange holds, or null. */
  UpstreamConnection connection() {
    return connection;
  }

  /** Whether the final response head came (the response side is under way). */
  boolean headReceived() {
    return headReceived;
  }

  /** Whether the upstream connection takes more without queueing. */
  boolean isWritable() {
    return connection != null && connection.isWritable();
  }

  /**
   * Sends the request upstream: on a kept HTTP/1.1 connection to its destination, on a new stream
   * of a shared HTTP/2 one, or on a new connection, which speaks HTTP/2 when the server chose
   * {@code h2} by ALPN (or, in plain text, for a gRPC call from an HTTP/2 client).
   */
  void forward() {
    HttpRequest request = ex.flow.request();
    RequestTarget destination = destination(request);
    String key = UpstreamPool.key(destination.scheme(), destination.host(), destination.port());
    UpstreamPool pool = ex.client.upstreams();
    UpstreamConnection kept = pool.take(key);
    if (kept != null) {
      send(kept);
      return;
    }
    if (!ex.request.isStreamed()) {
      ex.waiting();
    }
    Http2Upstream shared = pool.shared(key);
    if (shared != null) {
      openStream(shared, destination);
      return;
    }
    UpstreamConnection opened = new UpstreamConnection(pool, key, destination.host(), destination.port());
    Future<Channel> attempt = absoluteForm(request) ? connectDirectly(opened, true, null)
        : connect(opened, true, upstreamTls(destination));
    attempt.addListener((Future<Channel> f) -> {
      if (connected(opened, f)) {
        if (speaksHttp2(opened, request)) {
          connection = null;
          opened.holdFor(null);
          openStream(sharedOrInstalled(pool, opened), destination);
        } else {
          send(opened);
        }
      }
      ex.pump();
    });
  }

  /**
   * The HTTP/2 connection to share for {@code opened}'s destination: one that another exchange of
   * this client opened meanwhile (streams that start together each dial; the first connection up
   * carries them all, and the others close before any stream uses them), else {@code opened}.
   */
  private static Http2Upstream sharedOrInstalled(UpstreamPool pool, UpstreamConnection opened) {
    Http2Upstream existing = pool.shared(opened.key());
    if (existing == null) {
      return Http2Upstream.install(pool, opened);
    }
    opened.close();
    return existing;
  }

  /** Sends the request on a new stream of the shared HTTP/2 connection {@code shared}. */
  private void openStream(Http2Upstream shared, RequestTarget destination) {
    UpstreamConnection stream = new UpstreamConnection(ex.client.upstreams(), null, destination.host(), destination.port());
    shared.openStream(stream).addListener((Future<Channel> f) -> {
      if (connected(stream, f)) {
        send(stream);
      }
      ex.pump();
    });
  }

  /**
   * Whether the new connection {@code opened} speaks HTTP/2: the server chose {@code h2} by ALPN,
   * or, without TLS, the request is a gRPC call from an HTTP/2 client (gRPC servers take nothing
   * else, in plain text with prior knowledge).
   */
  private static boolean speaksHttp2(UpstreamConnection opened, HttpRequest request) {
    SslHandler tls = opened.channel().pipeline().get(SslHandler.class);
    if (tls != null) {
      return "h2".equals(tls.applicationProtocol());
    }
    return request.httpVersion().startsWith("HTTP/2") && Messages.isGrpc(request);
  }

  /** After the {@code httpConnect} event: a refusal goes to the client, else the tunnel opens (connected first when eager). */
  void afterHttpConnect() {
    if (ex.flow.hasResponse() && ex.flow.response().statusCode() / 100 != 2) {
      ex.writeFinal(ex.flow.response(), ex.keepAlive());
      return;
    }
    if (config.connectionStrategy() == ConnectionStrategy.LAZY) {
      tunnel();
      return;
    }
    HttpRequest connect = ex.flow.request();
    UpstreamConnection raw = new UpstreamConnection(ex.client.upstreams(), null, connect.host(), connect.port());
    connect(raw, false, null).addListener((Future<Channel> f) -> {
      if (connected(raw, f)) {
        tunnel();
      } else {
        ex.pump();
      }
    });
  }

  private void tunnel() {
    UpstreamConnection raw = connection;
    connection = null;
    if (raw != null) {
      raw.holdFor(null);
    }
    ex.done();
    ex.client.tunnel(ex, raw);
  }

  /**
   * Where the proxy connects for {@code request}: the next proxy for plain HTTP in upstream mode
   * (sent there in absolute form), else the request's host (in upstream mode through a tunnel).
   */
  private RequestTarget destination(HttpRequest request) {
    if (absoluteForm(request)) {
      return RequestTarget.of(config.mode().target());
    }
    return new RequestTarget(request.scheme(), request.host(), request.port(), "", "/");
  }

  /** Whether {@code request} goes to the next proxy in absolute form: plain HTTP in upstream mode. */
  private boolean absoluteForm(HttpRequest request) {
    return config.mode().kind() == ProxyMode.Kind.UPSTREAM && !request.scheme().equals("https");
  }

  /**
   * Connects to the server {@code target} names: directly, or in upstream mode through a
   * {@link ChainedTunnel} on the next proxy. The channel carries HTTP when {@code http}, else raw
   * bytes, and speaks TLS with {@code tls} when given.
   */
  private Future<Channel> connect(UpstreamConnection target, boolean http, SslHandler tls) {
    return UpstreamDial.connect(ex.context, ex.client.channel().eventLoop(), target, http, tls);
  }

  private Future<Channel> connectDirectly(UpstreamConnection target, boolean http, SslHandler tls) {
    return UpstreamDial.connectDirectly(ex.context, ex.client.channel().eventLoop(), target, http, tls);
  }

  /**
   * TLS for a connection to {@code destination} when it is {@code https} (and not the next proxy),
   * asking for the name the client asked this proxy for, else the destination host.
   */
  private SslHandler upstreamTls(RequestTarget destination) {
    if (!destination.scheme().equals("https")) {
      return null;
    }
    return ex.context.tls().upstream().newHandler(ex.client.channel().alloc(), upstreamName(destination.host()),
        destination.port());
  }

  /**
   * The name to ask an upstream at {@code host} for: the SNI the client sent into a tunnel when the
   * request still goes to the tunnel's host, else {@code host} (a hook such as {@code map_remote}
   * sent it elsewhere).
   */
  private String upstreamName(String host) {
    var tls = ex.client.client().tls();
    RequestTarget tunnel = ex.client.tunnelTarget();
    boolean intoTunnel = tunnel != null && tunnel.host().equalsIgnoreCase(host) && tls != null && tls.sni() != null;
    return intoTunnel ? tls.sni() : host;
  }

  /** Whether the connect attempt succeeded and the flow still wants it; fails the flow if not. */
  private boolean connected(UpstreamConnection target, Future<Channel> attempt) {
    boolean wanted = ex.phase() != Exchange.Phase.DONE && !ex.client.isGone();
    if (!attempt.isSuccess()) {
      if (wanted && attempt.cause() instanceof UpstreamHandshake.FailedException tls) {
        tlsFailed(target, tls.getMessage());
      } else if (wanted) {
        ex.fail(FlowError.Kind.CONNECT_FAILED, 502,
            "cannot connect to " + target.describe() + ": " + UpstreamDial.reason(attempt.cause()), false);
      }
      return false;
    }
    if (!wanted) {
      attempt.getNow().close();
      return false;
    }
    target.connected(attempt.getNow());
    hold(target);
    return true;
  }

  private void hold(UpstreamConnection target) {
    connection = target;
    target.holdFor(ex);
    FLOWS.setServer(ex.flow, target.server());
  }

  private void tlsFailed(UpstreamConnection target, String reason) {
    TlsFailure failure = new TlsFailure(ex.client.client(), TlsFailure.Side.SERVER, upstreamName(target.server().host()),
        reason);
    ex.context.hooks().run(HookEvent.TLS_FAILED, failure, ex.client.channel().eventLoop(), () -> { });
    ex.fail(FlowError.Kind.TLS_FAILED, 502, "TLS handshake with upstream " + target.describe() + " failed: " + reason,
        false);
  }

  /**
   * Adds the configured upstream credentials on the wire only (the flow never holds them):
   * {@code Proxy-Authorization} for the next proxy, {@code Authorization} for a reverse-mode server.
   */
  private void authorize(io.netty.handler.codec.http.HttpRequest head, boolean toNextProxy) {
    String credentials = config.upstreamAuthorization();
    if (credentials == null) {
      return;
    }
    if (toNextProxy) {
      head.headers().set(HttpHeaderNames.PROXY_AUTHORIZATION, credentials);
    } else if (config.mode().kind() == ProxyMode.Kind.REVERSE) {
      head.headers().set(HttpHeaderNames.AUTHORIZATION, credentials);
    }
  }

  private void send(UpstreamConnection target) {
    hold(target);
    HttpRequest request = ex.flow.request();
    boolean toNextProxy = absoluteForm(request);
    String requestTarget = toNextProxy ? request.url() : request.path();
    reusable = Messages.isHttp11(request.httpVersion());
    Channel channel = target.channel();
    if (ex.request.isStreamed()) {
      HttpContent first = null;
      byte[] prefix = ex.request.takePrefix();
      if (prefix != null && prefix.length > 0) {
        first = ex.outgoing(request, new DefaultHttpContent(Unpooled.wrappedBuffer(prefix)));
        if (first == null) {
          return;
        }
      }
      io.netty.handler.codec.http.HttpRequest head = Messages.streamedRequestHead(request, requestTarget);
      keepUpgrade(head);
      authorize(head, toNextProxy);
      channel.write(head);
      if (first != null) {
        channel.write(first);
      }
      channel.flush();
    } else {
      List<HttpObject> whole = Messages.wholeRequest(request, requestTarget);
      io.netty.handler.codec.http.HttpRequest head = (io.netty.handler.codec.http.HttpRequest) whole.get(0);
      keepUpgrade(head);
      authorize(head, toNextProxy);
      Messages.writeAll(channel, whole);
      ex.awaitingResponse();
    }
    armTimeout();
  }

  /**
   * (Re)starts the response timeout: the upstream has that long to answer, or to send more. Called
   * for every message of a response, so it only moves the deadline; one scheduled check follows it.
   */
  void armTimeout() {
    long wait = config.responseTimeout().toNanos();
    deadline = now() + wait;
    if (timeout == null) {
      checkTimeoutIn(wait);
    }
  }

  void cancelTimeout() {
    deadline = 0;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private long now() {
    return ex.client.channel().eventLoop().ticker().nanoTime();
  }

  private void checkTimeoutIn(long nanos) {
    timeout = ex.client.channel().eventLoop().schedule(this::checkTimeout, nanos, TimeUnit.NANOSECONDS);
  }

  private void checkTimeout() {
    timeout = null;
    if (deadline == 0) {
      return;
    }
    long left = deadline - now();
    if (left > 0) {
      checkTimeoutIn(left);
      return;
    }
    deadline = 0;
    timedOut();
  }

  private void timedOut() {
    if (ex.phase() == Exchange.Phase.DONE || ex.client.isGone()) {
      return;
    }
    if (ex.isHolding()) {
      armTimeout();
      return;
    }
    Exchange.Phase phase = ex.phase();
    boolean waiting = phase == Exchange.Phase.AWAIT_RESPONSE || phase == Exchange.Phase.RESPONSE_BODY
        || (phase == Exchange.Phase.REQUEST_BODY && ex.request.isStreamed());
    if (!waiting || connection == null) {
      return;
    }
    if (heldByClient()) {
      armTimeout();
    } else {
      ex.fail(FlowError.Kind.TIMEOUT, 504, "upstream " + connection.describe()
          + " did not answer within " + config.responseTimeout().toMillis() + " ms", false);
      ex.pump();
    }
  }

  /**
   * Whether the client, not the upstream, is what a streamed flow waits for: it is not taking the
   * response (so the proxy stopped reading it), or not sending the request body the upstream would
   * take. The upstream is not late then; a client that sends nothing meets the idle timeout.
   */
  private boolean heldByClient() {
    return switch (ex.phase()) {
      case RESPONSE_BODY -> !ex.response.isAggregating() && !ex.client.channel().isWritable();
      case REQUEST_BODY -> ex.waitsForRequestBytes();
      default -> false;
    };
  }

  /** A message from the upstream: the response head, a piece of the body, or {@link #CLOSED}. */
  void message(Object msg) {
    if (msg == CLOSED) {
      ex.fail(FlowError.Kind.UPSTREAM_RESET, 502, "upstream " + connection.describe()
          + " closed the connection before the response was complete", ex.phase() == Exchange.Phase.RESPONSE_BODY);
      return;
    }
    armTimeout();
    if (!headReceived) {
      responseHead(msg);
    } else {
      ex.response.content(msg);
    }
  }

  private void responseHead(Object msg) {
    if (!(msg instanceof io.netty.handler.codec.http.HttpResponse head)) {
      // the end of an interim (1xx) response
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (head.decoderResult().isFailure()) {
        ex.fail(FlowError.Kind.PROTOCOL_ERROR, 502, "upstream " + connection.describe()
            + " sent a malformed response: " + head.decoderResult().cause().getMessage(), false);
        return;
      }
      int status = head.status().code();
      if (status < 200 && status != 101) {
        return;
      }
      HttpResponse response;
      try {
        response = Messages.response(head);
      } catch (IllegalArgumentException e) {
        ex.fail(FlowError.Kind.PROTOCOL_ERROR, 502, "upstream " + connection.describe()
            + " sent a malformed response: " + e.getMessage(), false);
        return;
      }
      headReceived = true;
      reusable &= HttpUtil.isKeepAlive(head);
      if (connection.channel() instanceof Http2StreamChannel) {
        // a stream's answer: HTTP/2, and no chunking, which only Netty's stream codec could have added
        response.setHttpVersion("HTTP/2.0");
        response.headers().remove("Transfer-Encoding");
      }
      boolean whole = head instanceof FullHttpResponse;
      if (whole) {
        // the stream ended with its headers (or the answer came whole): the rest follows as its end
        FullHttpResponse full = (FullHttpResponse) head;
        ex.unreadUpstream(new DefaultLastHttpContent(full.content().retain(), full.trailingHeaders().copy()));
      }
      ex.response.received(response, whole);
    } finally {
      ReferenceCountUtil.release(head);
    }
  }

  /** The exchange is over: the connection is kept for the next request when it can be, else closed. */
  void release(boolean inStep) {
    cancelTimeout();
    UpstreamConnection held = connection;
    if (held != null) {
      connection = null;
      held.release(reusable && inStep);
    }
  }

  /** Closes the upstream connection, if any, and forgets it. */
  void drop() {
    UpstreamConnection held = connection;
    if (held != null) {
      connection = null;
      held.close();
    }
  }

  /** Takes the upstream connection out of the exchange, for a websocket to own. */
  UpstreamConnection takeForWebSocket() {
    UpstreamConnection held = connection;
    connection = null;
    held.holdFor(null);
    return held;
  }

  /** A websocket upgrade request keeps its upgrade fields on the way upstream. */
  private void keepUpgrade(io.netty.handler.codec.http.HttpRequest head) {
    if (ex.request.isWebSocket()) {
      WebSocketUpgrade.keepUpgradeHeaders(head.headers());
    }
  }
}
