package dev.sluice.core.internal;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.ClientConnection;
import dev.sluice.api.TlsClientHello;
import dev.sluice.api.TlsFailure;
import dev.sluice.api.TlsInfo;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.internal.tls.Alpn;
import dev.sluice.core.internal.tls.ClientHello;
import dev.sluice.core.internal.tls.FirstBytes;
import dev.sluice.core.internal.tls.TlsAlert;
import dev.sluice.core.internal.tls.TlsInfos;
import dev.sluice.tls.UpstreamNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a client connection once its first bytes are known: a TLS ClientHello
 * goes through the {@code tlsClientHello} hooks and is then terminated with a minted certificate
 * (or passed through raw) and what it negotiated by ALPN ({@code h2} or {@code http/1.1}) follows;
 * the HTTP/2 preface means HTTP/2 with prior knowledge, HTTP goes to the connection, anything else
 * is tunnelled raw.
 *
 * <p>After {@code CONNECT} the upstream is connected already (raw) with the eager strategy, or
 * not yet with the lazy one; in reverse mode there is none. Where none is, a pass-through or raw
 * tunnel connects once the first bytes are known. An intercepted TLS client's server is reached
 * first ({@link UpstreamFirst}) on the eager connection, or in reverse mode with the eager strategy
 * on a new one to an {@code https} server: the leaf minted for the client then carries the names of
 * the server's certificate ({@code upstream_cert}, unless a hook chose the certificate request), the
 * client is offered only the protocol the server chose when it offered that one too, and the first
 * request uses that connection. Otherwise (lazy, or the server not reached) connecting is left to
 * the requests.
 */
final class TunnelHandoff implements TunnelSniffer.Listener {

  private static final Logger log = LoggerFactory.getLogger(TunnelHandoff.class);

  private final Http1Connection connection;
  private final SessionContext context;
  private final String host;
  private final int port;
  private final boolean connectTunnel;
  private final boolean reverse;
  private final boolean httpsServer;
  private UpstreamConnection upstream;

  private TunnelHandoff(Http1Connection connection, boolean connectTunnel, boolean reverse, boolean httpsServer,
      UpstreamConnection upstream, String host, int port) {
    this.connection = connection;
    this.context = connection.context();
    this.connectTunnel = connectTunnel;
    this.reverse = reverse;
    this.httpsServer = httpsServer;
    this.upstream = upstream;
    this.host = host;
    this.port = port;
  }

  /** A hand-off for a {@code CONNECT} tunnel to {@code host:port}, its {@code upstream} connected (raw) or null. */
  static TunnelHandoff connectTunnel(Http1Connection connection, UpstreamConnection upstream, String host, int port) {
    return new TunnelHandoff(connection, true, false, false, upstream, host, port);
  }

  /** A hand-off for a reverse-proxy connection to the upstream {@code target}: TLS clients are intercepted too. */
  static TunnelHandoff reverse(Http1Connection connection, RequestTarget target) {
    return new TunnelHandoff(connection, false, true, target.scheme().equals("https"), null, target.host(),
        target.port());
  }

  /** A hand-off for a new regular or upstream-mode connection: HTTP/2 with prior knowledge, else HTTP/1. */
  static TunnelHandoff direct(Http1Connection connection) {
    return new TunnelHandoff(connection, false, false, false, null, null, 0);
  }

  @Override
  public void http(ChannelHandlerContext ctx) {
    closeUpstream();
    connection.tunnelHttp(connectTunnel ? new RequestTarget("http", host, port, "", "/") : null, null);
    ctx.pipeline().remove(ctx.handler());
  }

  @Override
  public void http2(ChannelHandlerContext ctx) {
    if (!context.config().http2()) {
      // HTTP/2 is off: the HTTP/1 decoder answers the preface as the request it is not
      http(ctx);
      return;
    }
    closeUpstream();
    connection.tunnelHttp2(connectTunnel ? new RequestTarget("http", host, port, "", "/") : null, null);
    ctx.pipeline().remove(ctx.handler());
  }

  @Override
  public void other(ChannelHandlerContext ctx) {
    if (connectTunnel) {
      passThrough(ctx, null);
    } else {
      http(ctx);
    }
  }

  @Override
  public void closed() {
    closeUpstream();
    if (connectTunnel) {
      connection.tunnelAbandoned();
    }
  }

  @Override
  public void tls(ChannelHandlerContext ctx, FirstBytes.Peek peek) {
    if (!connectTunnel && !reverse) {
      // TLS straight to a regular proxy's listener: the HTTP decoder answers what it makes of it
      http(ctx);
      return;
    }
    connection.pause();
    ClientHello parsed = peek.hello();
    TlsClientHello hello = TlsClientHello.of(connection.client(), parsed.sni(), parsed.alpn(), host, port);
    CertificateRequest asked = hello.certificateRequest();
    context.hooks().run(HookEvent.TLS_CLIENT_HELLO, hello, ctx.channel().eventLoop(), () -> {
      if (!ctx.channel().isActive()) {
        closed();
      } else if (hello.isPassThrough()) {
        passThrough(ctx, parsed);
      } else if (parsed.offersNoneOf(Alpn.names(context.config().http2()))) {
        closeUpstream();
        refuseAlpn(ctx, parsed);
      } else {
        boolean hookChose = hello.certificateRequest() != asked;
        reachServer(ctx, parsed).addListener((Future<UpstreamConnection> reached) ->
            intercept(ctx, parsed, hello.certificateRequest(), hookChose, reached.getNow()));
      }
    });
  }

  /**
   * Reaches the server with TLS before the client's handshake, where there is one to reach: on the
   * eager connection of a tunnel, or in reverse mode (eager) on a new one to an {@code https}
   * server. Completes with that connection, in the pool now, or with null.
   */
  private Future<UpstreamConnection> reachServer(ChannelHandlerContext ctx, ClientHello parsed) {
    UpstreamConnection raw = upstream;
    upstream = null;
    if (raw != null && raw.isActive()) {
      return UpstreamFirst.upgrade(context, connection.upstreams(), raw, parsed.sni() != null ? parsed.sni() : host);
    }
    if (raw != null) {
      raw.close();
    }
    if (httpsServer && context.config().connectionStrategy() == ConnectionStrategy.EAGER) {
      return UpstreamFirst.dial(context, ctx.channel(), connection.upstreams(), host, port);
    }
    return ctx.executor().newSucceededFuture(null);
  }

  /**
   * Mints the client's leaf for {@code request}, widened with the names of the certificate
   * {@code server} (reached first, or null) presented unless a hook chose the request, and
   * terminates the client's TLS accepting the protocol {@code server} chose when the client offered
   * it, else every protocol the proxy speaks.
   */
  private void intercept(ChannelHandlerContext ctx, ClientHello parsed, CertificateRequest request, boolean hookChose,
      UpstreamConnection server) {
    if (!ctx.channel().isActive()) {
      if (server != null) {
        server.close();
      }
      closed();
      return;
    }
    boolean http2 = context.config().http2();
    TlsInfo serverTls = server == null ? null : server.server().tls();
    List<String> protocols = serverTls == null ? Alpn.names(http2) : Alpn.afterServer(parsed.alpn(), serverTls.alpn(), http2);
    CertificateRequest leaf = hookChose ? request : withServerNames(request, serverTls);
    context.tls().clients().get(leaf, protocols, ctx.executor())
        .addListener((Future<SslContext> minted) -> terminate(ctx, parsed, leaf, minted));
  }

  /** {@code request} with the names of the certificate in {@code serverTls} (null: none) when {@code upstream_cert} is on. */
  private CertificateRequest withServerNames(CertificateRequest request, TlsInfo serverTls) {
    if (serverTls == null || !context.tls().upstreamCert() || serverTls.peerCertificates().isEmpty()) {
      return request;
    }
    return UpstreamNames.widen(request, serverTls.peerCertificates().get(0), host);
  }

  /**
   * Joins the client to the upstream raw, connecting first if need be; closes the client when that
   * fails, after the {@code tlsFailed} hooks when {@code hello} (a TLS pass-through) is given.
   */
  private void passThrough(ChannelHandlerContext ctx, ClientHello hello) {
    if (upstream != null) {
      joinRaw(ctx, upstream.channel());
      return;
    }
    UpstreamConnection raw = new UpstreamConnection(connection.upstreams(), null, host, port);
    UpstreamDial.connect(context, connection.eventLoop(), raw, false, null).addListener((Future<Channel> connected) -> {
      if (connected.isSuccess() && ctx.channel().isActive()) {
        raw.connected(connected.getNow());
        joinRaw(ctx, connected.getNow());
      } else {
        log.debug("tunnel to {}:{} failed", host, port, connected.cause());
        if (connected.isSuccess()) {
          connected.getNow().close();
        } else if (hello != null) {
          String reason = "cannot connect to " + host + ":" + port + ": " + TlsInfos.reason(connected.cause());
          TlsFailure failure = new TlsFailure(connection.client(), TlsFailure.Side.SERVER, hello.sni(), reason);
          context.hooks().run(HookEvent.TLS_FAILED, failure, connection.eventLoop(), connection::tunnelAbandoned);
          return;
        }
        connection.tunnelAbandoned();
      }
    });
  }

  private void joinRaw(ChannelHandlerContext ctx, Channel server) {
    upstream = null;
    connection.tunnelRaw(server);
    ctx.pipeline().remove(ctx.handler());
  }

  private void terminate(ChannelHandlerContext ctx, ClientHello parsed, CertificateRequest request,
      Future<SslContext> minted) {
    if (!minted.isSuccess()) {
      failed(parsed, "cannot mint a certificate for " + request.names() + ": " + TlsInfos.reason(minted.cause()));
      return;
    }
    if (!ctx.channel().isActive()) {
      connection.tunnelAbandoned();
      return;
    }
    SslHandler tls = minted.getNow().newHandler(ctx.alloc());
    tls.handshakeFuture().addListener(handshake -> {
      if (handshake.isSuccess()) {
        ClientConnection client = connection.client().withTls(TlsInfos.of(tls, parsed.sni()));
        RequestTarget target = connectTunnel ? new RequestTarget("https", host, port, "", "/") : null;
        if ("h2".equals(tls.applicationProtocol())) {
          connection.tunnelHttp2(target, client);
        } else {
          connection.tunnelHttp(target, client);
        }
      } else {
        failed(parsed, "the client did not complete the TLS handshake: " + TlsInfos.reason(handshake.cause()));
      }
    });
    ctx.pipeline().replace(ctx.handler(), "tls", tls);
    ctx.channel().read();
  }

  /** Answers a client that offers only protocols other than h2 and http/1.1 with the alert saying so, and fails it. */
  private void refuseAlpn(ChannelHandlerContext ctx, ClientHello parsed) {
    ctx.writeAndFlush(TlsAlert.noApplicationProtocol(ctx.alloc()));
    failed(parsed, "the client offers only " + parsed.alpn() + " by ALPN; this proxy speaks " + String.join(" and ", Alpn.names(context.config().http2())) + " only"
        + " (no_application_protocol)");
  }

  private void failed(ClientHello parsed, String reason) {
    log.debug("TLS with client {} failed: {}", connection.client().peer(), reason);
    TlsFailure failure = new TlsFailure(connection.client(), TlsFailure.Side.CLIENT, parsed.sni(), reason);
    context.hooks().run(HookEvent.TLS_FAILED, failure, connection.eventLoop(), connection::tunnelAbandoned);
  }

  private void closeUpstream() {
    if (upstream != null) {
      upstream.close();
      upstream = null;
    }
  }
}
