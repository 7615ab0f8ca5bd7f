package dev.sluice.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;

/**
 * The pipeline of the listening channel, before Netty's acceptor: every accepted connection joins
 * the group that closes with the server, then meets the connection limit; failed accepts for lack
 * of file descriptors are told apart.
 */
final class ServerPipeline extends ChannelInitializer<Channel> {

  private final ChannelGroup clients;
  private final int maxConnections;
  private final OpenFiles openFiles;

  ServerPipeline(ChannelGroup clients, int maxConnections, OpenFiles openFiles) {
    this.clients = clients;
    this.maxConnections = maxConnections;
    this.openFiles = openFiles;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast("clients", new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object child) {
            clients.add((Channel) child);
            ctx.fireChannelRead(child);
          }
        })
        .addLast("limit", new ConnectionLimit(maxConnections))
        .addLast("accept-failures", new AcceptFailures(openFiles));
  }
}
