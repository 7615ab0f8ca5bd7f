package dev.sluice.core.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays raw bytes between two channels with back-pressure: each side reads again only once what
 * it read was written to the other side. Closing one side closes the other after a flush.
 *
 * <p>This is the seam where TLS interception plugs in: the engine joins a client and a server
 * channel here once it decided to pass their bytes through untouched.
 */
final class Tunnel {

  private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

  private Tunnel() {}

  /**
   * Turns a client connection and an upstream connection into a tunnel: their HTTP handlers go,
   * relays take their place (bytes the HTTP decoders had read ahead go through), and both start
   * reading. The client's connection handler stays last in its pipeline to see the connection close.
   */
  static void join(Channel client, Channel server) {
    if (!client.isActive() || !server.isActive()) {
      client.close();
      server.close();
      return;
    }
    ChannelPipeline upstream = server.pipeline();
    upstream.addLast("relay", new Relay(client));
    upstream.remove(UpstreamPipeline.CONNECTION);
    if (upstream.get(UpstreamPipeline.CODEC) != null) {
      upstream.remove(UpstreamPipeline.CODEC);
    }
    ChannelPipeline pipeline = client.pipeline();
    pipeline.addBefore(Http1Connection.NAME, "relay", new Relay(server));
    pipeline.remove(ClientPipeline.IDLE);
    pipeline.remove(ClientPipeline.ENCODER);
    pipeline.remove(ClientPipeline.DECODER);
    client.read();
    server.read();
  }

  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Relay(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      peer.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
        if (written.isSuccess()) {
          ctx.channel().read();
        } else {
          ctx.channel().close();
        }
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (peer.isActive()) {
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("tunnel {} failed", ctx.channel(), cause);
      ctx.close();
    }
  }
}
