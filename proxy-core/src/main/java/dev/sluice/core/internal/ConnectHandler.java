package dev.sluice.core.internal;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.core.ConnectionStrategy;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;

/**
 * Handles {@code CONNECT} for a {@link ClientSession}: the tunnel is answered and sniffed (TLS,
 * HTTP or raw bytes). In upstream mode the server is reached through a {@code CONNECT} on the next
 * proxy ({@link ChainedTunnel}), and TLS is intercepted all the same.
 */
final class ConnectHandler {

  private final ClientSession session;

  ConnectHandler(ClientSession session) {
    this.session = session;
  }

  void afterHttpConnect(Exchange ex) {
    HttpFlow flow = ex.flow;
    if (flow.hasResponse() && flow.response().statusCode() / 100 != 2) {
      session.endings.writeFinal(ex, flow.response(), ex.keepAlive);
      return;
    }
    if (session.config.connectionStrategy() == ConnectionStrategy.LAZY) {
      sniffTunnel(ex);
      return;
    }
    HttpRequest connect = flow.request();
    UpstreamConnection connection = new UpstreamConnection(session, null, connect.host(), connect.port());
    session.upstreams.connect(connection, false, null).addListener((Future<Channel> f) -> {
      if (session.upstreams.connected(ex, connection, f)) {
        sniffTunnel(ex);
      } else {
        session.pump();
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
}
