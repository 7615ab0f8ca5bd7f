package dev.sluice.core.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

  /** A handler that writes everything its channel reads to {@code peer}. */
  static ChannelInboundHandlerAdapter relayTo(Channel peer) {
    return new Relay(peer);
  }

  /** Starts relaying: both channels must carry a {@link #relayTo} handler and have auto-read off. */
  static void start(Channel a, Channel b) {
    a.read();
    b.read();
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
