package dev.sluice.core.internal;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyMode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;

/**
 * Handles {@code CONNECT} for a {@link ClientSession}: the tunnel is answered and sniffed (TLS,
 * HTTP or raw bytes), or chained through the next proxy.
 */
final class ConnectHandler {

  private final ClientSession session;

  ConnectHandler(ClientSession session) {
    this.session = session;
  }

  void afterHttpConnect(Exchange ex) {
    HttpFlow flow = ex.flow;
    if (flow.hasResponse() && flow.response().statusCode() / 100 != 2) {
      session.writeFinal(ex, flow.response(), ex.keepAlive);
      return;
    }
    boolean chained = session.config.mode().kind() == ProxyMode.Kind.UPSTREAM;
    if (!chained && session.config.connectionStrategy() == ConnectionStrategy.LAZY) {
      sniffTunnel(ex);
      return;
    }
    RequestTarget destination = session.upstreams.destination(flow.request());
    UpstreamConnection connection = new UpstreamConnection(session, null, destination.host(), destination.port());
    session.upstreams.connect(connection, chained, null).addListener((Future<Channel> f) -> {
      if (!session.upstreams.connected(ex, connection, f)) {
        session.pump();
      } else if (chained) {
        String authority = flow.request().authority();
        DefaultFullHttpRequest connectRequest = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT,
            authority, Unpooled.EMPTY_BUFFER);
        connectRequest.headers().set(HttpHeaderNames.HOST, authority);
        connection.channel().writeAndFlush(connectRequest);
        ex.phase = Exchange.Phase.AWAIT_RESPONSE;
        session.upstreams.armTimeout(ex);
        session.pump();
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
    session.current = null;
    session.paused = true;
    session.sniffing = true;
    session.releaseQueues();
    HttpRequest connect = ex.flow.request();
    TunnelSniffer sniffer = new TunnelSniffer(TunnelHandoff.connectTunnel(session, session.context, upstream, connect.host(),
        connect.port()));
    session.channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        new HttpResponseStatus(200, "Connection established"), Unpooled.EMPTY_BUFFER)).addListener(f -> {
          if (f.isSuccess() && session.channel.isActive()) {
            session.channel.pipeline().addFirst(TunnelSniffer.NAME, sniffer);
            session.channel.read();
          } else {
            if (upstream != null) {
              upstream.channel().close();
            }
            session.tunnelAbandoned();
          }
        });
  }

  /** The next proxy answered our {@code CONNECT}: tunnel on 2xx, else relay its refusal. */
  void chainedTunnelAnswered(Exchange ex, io.netty.handler.codec.http.HttpResponse head) {
    if (head.status().codeClass() == HttpStatusClass.SUCCESS) {
      openTunnel(ex, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(), Unpooled.EMPTY_BUFFER));
    } else {
      ex.keepAlive = false;
      ex.phase = Exchange.Phase.RESPONSE_BODY;
      ex.responseBody = new BodyBuffer(session.config.maxBodySize());
    }
  }

  private void openTunnel(Exchange ex, DefaultFullHttpResponse answer) {
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    session.current = null;
    session.tunnelled = true;
    session.releaseQueues();
    Channel server = ex.upstream.channel();
    session.channel.writeAndFlush(answer).addListener(f -> session.channel.eventLoop().execute(() -> Tunnel.join(session.channel, server)));
  }
}
