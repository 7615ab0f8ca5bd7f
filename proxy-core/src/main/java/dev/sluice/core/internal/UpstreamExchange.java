package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.TlsFailure;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.internal.tls.UpstreamHandshake;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The upstream half of a {@link ClientSession}: connects (pooled per host), sends the request,
 * times the answer, and reads the response head.
 */
final class UpstreamExchange {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private final ClientSession session;

  UpstreamExchange(ClientSession session) {
    this.session = session;
  }

  void forward(Exchange ex) {
    HttpRequest request = ex.flow.request();
    RequestTarget destination = destination(request);
    String key = destination.scheme() + "://" + destination.host() + ":" + destination.port();
    UpstreamConnection pooled = session.pool.get(key);
    if (pooled != null && pooled.isActive()) {
      send(ex, pooled);
      return;
    }
    if (ex.requestSink != Exchange.Sink.STREAM) {
      ex.phase = Exchange.Phase.WAITING;
    }
    UpstreamConnection connection = new UpstreamConnection(session, key, destination.host(), destination.port());
    Future<Channel> attempt = absoluteForm(request) ? connectDirectly(connection, true, null)
        : connect(connection, true, upstreamTls(destination));
    attempt.addListener((Future<Channel> f) -> {
      if (connected(ex, connection, f)) {
        session.pool.put(key, connection);
        send(ex, connection);
      }
      session.pump();
    });
  }

  /**
   * Where the proxy connects for {@code request}: the next proxy for plain HTTP in upstream mode
   * (sent there in absolute form), else the request's host (in upstream mode through a tunnel).
   */
  private RequestTarget destination(HttpRequest request) {
    if (absoluteForm(request)) {
      return RequestTarget.of(session.config.mode().target());
    }
    return new RequestTarget(request.scheme(), request.host(), request.port(), "", "/");
  }

  /** Whether {@code request} goes to the next proxy in absolute form: plain HTTP in upstream mode. */
  private boolean absoluteForm(HttpRequest request) {
    return session.config.mode().kind() == ProxyMode.Kind.UPSTREAM && !request.scheme().equals("https");
  }

  /**
   * Connects to the server {@code connection} names: directly, or in upstream mode through a
   * {@link ChainedTunnel} on the next proxy. The channel carries HTTP when {@code http}, else raw
   * bytes, and speaks TLS with {@code tls} when given.
   */
  Future<Channel> connect(UpstreamConnection connection, boolean http, SslHandler tls) {
    if (session.config.mode().kind() != ProxyMode.Kind.UPSTREAM) {
      return connectDirectly(connection, http, tls);
    }
    Future<Channel> tunnelled = ChainedTunnel.open(session.context.connector(), session.channel.eventLoop(),
        RequestTarget.of(session.config.mode().target()), connection.server().host(), connection.server().port(),
        pipeline(connection, http, tls), session.config.maxHeaderSize(), session.config.connectTimeout(),
        session.config.upstreamAuthorization());
    return tls == null ? tunnelled : UpstreamHandshake.after(tunnelled, tls, session.channel.eventLoop());
  }

  private Future<Channel> connectDirectly(UpstreamConnection connection, boolean http, SslHandler tls) {
    Future<Channel> connecting = session.context.connector().connect(session.channel.eventLoop(), connection.server().host(),
        connection.server().port(), pipeline(connection, http, tls));
    return tls == null ? connecting : UpstreamHandshake.after(connecting, tls, session.channel.eventLoop());
  }

  private UpstreamPipeline pipeline(UpstreamConnection connection, boolean http, SslHandler tls) {
    return new UpstreamPipeline(connection, http ? session.config.maxHeaderSize() : 0, tls);
  }

  /**
   * TLS for a connection to {@code destination} when it is {@code https} (and not the next proxy),
   * asking for the name the client asked this proxy for, else the destination host.
   */
  private SslHandler upstreamTls(RequestTarget destination) {
    if (!destination.scheme().equals("https")) {
      return null;
    }
    return session.context.tls().upstream().newHandler(session.channel.alloc(), upstreamName(destination.host()), destination.port());
  }

  /** The name to ask an upstream at {@code host} for: the SNI the client sent into a tunnel, else {@code host}. */
  private String upstreamName(String host) {
    boolean tunnel = session.tunnelTarget != null && session.client.tls() != null && session.client.tls().sni() != null;
    return tunnel ? session.client.tls().sni() : host;
  }

  /** Whether the connect attempt of {@code ex} succeeded and the flow still wants it; fails the flow if not. */
  boolean connected(Exchange ex, UpstreamConnection connection, Future<Channel> attempt) {
    if (!attempt.isSuccess()) {
      if (ex == session.current && !session.ended && attempt.cause() instanceof UpstreamHandshake.FailedException tls) {
        upstreamTlsFailed(ex, connection, tls.getMessage());
      } else if (ex == session.current && !session.ended) {
        session.endings.failFlow(ex, FlowError.Kind.CONNECT_FAILED, 502,
            "cannot connect to " + connection.describe() + ": " + reason(attempt.cause()), false);
      }
      return false;
    }
    if (ex != session.current || session.ended || ex.phase == Exchange.Phase.DONE) {
      attempt.getNow().close();
      return false;
    }
    connection.connected(attempt.getNow());
    ex.upstream = connection;
    FLOWS.setServer(ex.flow, connection.server());
    return true;
  }

  private void upstreamTlsFailed(Exchange ex, UpstreamConnection connection, String reason) {
    TlsFailure failure = new TlsFailure(session.client, TlsFailure.Side.SERVER, upstreamName(connection.server().host()),
        reason);
    session.context.hooks().run(HookEvent.TLS_FAILED, failure, session.channel.eventLoop(), () -> { });
    session.endings.failFlow(ex, FlowError.Kind.TLS_FAILED, 502, "TLS handshake with upstream " + connection.describe()
        + " failed: " + reason, false);
  }

  /**
   * Adds the configured upstream credentials on the wire only (the flow never holds them):
   * {@code Proxy-Authorization} for the next proxy, {@code Authorization} for a reverse-mode server.
   */
  private void authorize(io.netty.handler.codec.http.HttpRequest head, boolean toNextProxy) {
    String credentials = session.config.upstreamAuthorization();
    if (credentials == null) {
      return;
    }
    if (toNextProxy) {
      head.headers().set(HttpHeaderNames.PROXY_AUTHORIZATION, credentials);
    } else if (session.config.mode().kind() == ProxyMode.Kind.REVERSE) {
      head.headers().set(HttpHeaderNames.AUTHORIZATION, credentials);
    }
  }

  private void send(Exchange ex, UpstreamConnection connection) {
    ex.upstream = connection;
    FLOWS.setServer(ex.flow, connection.server());
    HttpRequest request = ex.flow.request();
    boolean toNextProxy = absoluteForm(request);
    String target = toNextProxy ? request.url() : request.path();
    ex.upstreamReusable = request.httpVersion().equals("HTTP/1.1");
    if (ex.requestSink == Exchange.Sink.STREAM) {
      HttpContent first = null;
      if (ex.requestPrefix != null && ex.requestPrefix.length > 0) {
        first = session.responses.outgoing(ex, request, new DefaultHttpContent(Unpooled.wrappedBuffer(ex.requestPrefix)));
        ex.requestPrefix = null;
        if (first == null) {
          return;
        }
      }
      io.netty.handler.codec.http.HttpRequest head = Messages.streamedRequestHead(request, target);
      keepUpgrade(ex, head);
      authorize(head, toNextProxy);
      connection.channel().write(head);
      if (first != null) {
        connection.channel().write(first);
      }
      connection.channel().flush();
    } else {
      List<HttpObject> whole = Messages.wholeRequest(request, target);
      io.netty.handler.codec.http.HttpRequest head = (io.netty.handler.codec.http.HttpRequest) whole.get(0);
      keepUpgrade(ex, head);
      authorize(head, toNextProxy);
      Messages.writeAll(connection.channel(), whole);
      ex.phase = Exchange.Phase.AWAIT_RESPONSE;
    }
    armTimeout(ex);
  }

  void armTimeout(Exchange ex) {
    ex.cancelTimeout();
    ex.timeout = session.channel.eventLoop().schedule(() -> timedOut(ex), session.config.responseTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void timedOut(Exchange ex) {
    ex.timeout = null;
    if (ex != session.current || session.ended) {
      return;
    }
    if (session.paused) {
      armTimeout(ex);
      return;
    }
    boolean waiting = ex.phase == Exchange.Phase.AWAIT_RESPONSE || ex.phase == Exchange.Phase.RESPONSE_BODY
        || (ex.phase == Exchange.Phase.REQUEST_BODY && ex.requestSink == Exchange.Sink.STREAM);
    if (!waiting || ex.upstream == null) {
      return;
    }
    if (heldByClient(ex)) {
      armTimeout(ex);
    } else {
      session.endings.failFlow(ex, FlowError.Kind.TIMEOUT, 504, "upstream " + ex.upstream.describe()
          + " did not answer within " + session.config.responseTimeout().toMillis() + " ms", false);
      session.pump();
    }
  }

  /**
   * Whether the client, not the upstream, is what a streamed flow waits for: it is not taking the
   * response (so the proxy stopped reading it), or not sending the request body the upstream would
   * take. The upstream is not late then; a client that sends nothing meets the idle timeout.
   */
  private boolean heldByClient(Exchange ex) {
    return switch (ex.phase) {
      case RESPONSE_BODY -> ex.responseBody == null && !session.channel.isWritable();
      case REQUEST_BODY -> ex.upstream.channel().isWritable();
      default -> false;
    };
  }

  void upstreamMessage(Exchange ex, Object msg) {
    if (msg == ClientSession.UPSTREAM_CLOSED) {
      session.endings.failFlow(ex, FlowError.Kind.UPSTREAM_RESET, 502, "upstream " + ex.upstream.describe()
          + " closed the connection before the response was complete", ex.phase == Exchange.Phase.RESPONSE_BODY);
      return;
    }
    armTimeout(ex);
    if (ex.phase == Exchange.Phase.AWAIT_RESPONSE) {
      responseHead(ex, msg);
    } else {
      session.responses.responseContent(ex, msg);
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
        session.endings.failFlow(ex, FlowError.Kind.PROTOCOL_ERROR, 502, "upstream " + ex.upstream.describe()
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
        session.endings.failFlow(ex, FlowError.Kind.PROTOCOL_ERROR, 502, "upstream " + ex.upstream.describe()
            + " sent a malformed response: " + e.getMessage(), false);
        return;
      }
      ex.upstreamReusable &= HttpUtil.isKeepAlive(head);
      ex.flow.respond(response);
      ex.received = response;
      if (ex.webSocketRequest && status == 101) {
        ex.webSocket = new WebSocketRelay(session.context, ex.flow, session.channel.eventLoop());
        FLOWS.setWebSocket(ex.flow, ex.webSocket.data());
      }
      ex.phase = Exchange.Phase.WAITING;
      session.fire(HookEvent.RESPONSE_HEADERS, ex, () -> session.responses.afterResponseHeaders(ex));
    } finally {
      ReferenceCountUtil.release(head);
    }
  }

  static String reason(Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** A websocket upgrade request keeps its upgrade fields on the way upstream. */
  private static void keepUpgrade(Exchange ex, io.netty.handler.codec.http.HttpRequest head) {
    if (ex.webSocketRequest) {
      WebSocketUpgrade.keepUpgradeHeaders(head.headers());
    }
  }
}
