package dev.sluice.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Opens a connection to a host: the seam between the engine and the network, which
 * {@link UpstreamConnector} fills with real sockets and the engine's tests with embedded channels.
 */
interface Dialer {

  /** Connects to {@code host:port} on {@code loop}; the channel's pipeline starts with {@code handler}. */
  Future<Channel> connect(EventLoop loop, String host, int port, ChannelHandler handler);
}
