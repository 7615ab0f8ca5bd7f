package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.TlsClientHello;
import dev.sluice.api.TlsFailure;
import dev.sluice.core.internal.tls.Alpn;
import dev.sluice.core.internal.tls.ClientHello;
import dev.sluice.core.internal.tls.FirstBytes;
import dev.sluice.core.internal.tls.TlsAlert;
import dev.sluice.core.internal.tls.TlsInfos;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
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
 * tunnel connects once the first bytes are known, and an intercepted one leaves connecting to the
 * requests.
 */
final class TunnelHandoff implements TunnelSniffer.Listener {

  private static final Logger log = LoggerFactory.getLogger(TunnelHandoff.class);

  private final Http1Connection connection;
  private final SessionContext context;
  private final String host;
  private final int port;
  private final boolean connectTunnel;
  private final boolean reverse;
  private UpstreamConnection upstream;

  private TunnelHandoff(Http1Connection connection, boolean connectTunnel, boolean reverse, UpstreamConnection upstream,
      String host, int port) {
    this.connection = connection;
    this.context = connection.context();
    this.connectTunnel = connectTunnel;
    this.reverse = reverse;
    this.upstream = upstream;
    this.host = host;
    this.port = port;
  }

  /** A hand-off for a {@code CONNECT} tunnel to {@code host:port}, its {@code upstream} connected (raw) or null. */
  static TunnelHandoff connectTunnel(Http1Connection connection, UpstreamConnection upstream, String host, int port) {
    return new TunnelHandoff(connection, true, false, upstream, host, port);
  }

  /** A hand-off for a reverse-proxy connection to the upstream {@code host:port}: TLS clients are intercepted too. */
  static TunnelHandoff reverse(Http1Connection connection, String host, int port) {
    return new TunnelHandoff(connection, false, true, null, host, port);
  }

  /** A hand-off for a new regular or upstream-mode connection: HTTP/2 with prior knowledge, else HTTP/1. */
  static TunnelHandoff direct(Http1Connection connection) {
    return new TunnelHandoff(connection, false, false, null, null, 0);
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
    context.hooks().run(HookEvent.TLS_CLIENT_HELLO, hello, ctx.channel().eventLoop(), () -> {
      if (!ctx.channel().isActive()) {
        closed();
      } else if (hello.isPassThrough()) {
        passThrough(ctx, parsed);
      } else if (parsed.offersNoneOf(Alpn.names(context.config().http2()))) {
        closeUpstream();
        refuseAlpn(ctx, parsed);
      } else {
        closeUpstream();
        context.tls().clients().get(hello.certificateRequest(), ctx.executor())
            .addListener((Future<SslContext> minted) -> terminate(ctx, parsed, hello, minted));
      }
    });
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

  private void terminate(ChannelHandlerContext ctx, ClientHello parsed, TlsClientHello hello,
      Future<SslContext> minted) {
    if (!minted.isSuccess()) {
      failed(parsed, "cannot mint a certificate for " + hello.certificateRequest().names() + ": "
          + TlsInfos.reason(minted.cause()));
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
