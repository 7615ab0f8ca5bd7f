package dev.sluice.core.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Opens upstream connections on a client connection's own event loop, with auto-read off. Host
 * names are resolved on the worker pool, so a slow DNS server never stalls an event loop.
 */
final class UpstreamConnector {

  private final Transport transport;
  private final Executor resolver;
  private final int connectTimeoutMillis;

  UpstreamConnector(Transport transport, Executor resolver, Duration connectTimeout) {
    this.transport = transport;
    this.resolver = resolver;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }

  /** Connects to {@code host:port} on {@code loop}; the channel's pipeline starts with {@code handler}. */
  Future<Channel> connect(EventLoop loop, String host, int port, ChannelHandler handler) {
    Promise<Channel> promise = loop.newPromise();
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
    if (literal != null) {
      try {
        open(loop, new InetSocketAddress(InetAddress.getByAddress(host, literal), port), handler, promise);
      } catch (UnknownHostException e) {
        promise.setFailure(e);
      }
      return promise;
    }
    try {
      resolver.execute(() -> {
        try {
          InetAddress address = InetAddress.getByName(host);
          loop.execute(() -> open(loop, new InetSocketAddress(address, port), handler, promise));
        } catch (UnknownHostException e) {
          loop.execute(() -> promise.tryFailure(e));
        }
      });
    } catch (RejectedExecutionException e) {
      promise.setFailure(e);
    }
    return promise;
  }

  private void open(EventLoop loop, InetSocketAddress address, ChannelHandler handler, Promise<Channel> promise) {
    ChannelFuture connecting = new Bootstrap()
        .group(loop)
        .channel(transport.socketChannel())
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .handler(handler)
        .connect(address);
    connecting.addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        promise.trySuccess(f.channel());
      } else {
        promise.tryFailure(f.cause());
      }
    });
  }
}
