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
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens upstream connections on a client connection's own event loop, with auto-read off. A name
 * in the proxy's own table ({@link HostAddresses}) goes to its address there; other host names are
 * resolved on the worker pool, so a slow DNS server never stalls an event loop. A socket
 * that cannot be opened because file descriptors ran out fails with a reason that says so, and a
 * warning is logged, at most once a minute.
 */
final class UpstreamConnector implements Dialer {

  private static final Logger log = LoggerFactory.getLogger(UpstreamConnector.class);

  private final Transport transport;
  private final Executor resolver;
  private final int connectTimeoutMillis;
  private final OpenFiles openFiles;
  private final HostAddresses hosts;
  private final LogThrottle shortages = LogThrottle.oncePerMinute();

  UpstreamConnector(Transport transport, Executor resolver, Duration connectTimeout, OpenFiles openFiles,
      HostAddresses hosts) {
    this.transport = transport;
    this.resolver = resolver;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.openFiles = openFiles;
    this.hosts = hosts;
  }

  @Override
  public Future<Channel> connect(EventLoop loop, String host, int port, ChannelHandler handler) {
    Promise<Channel> promise = loop.newPromise();
    InetAddress remapped = hosts.lookup(host);
    if (remapped != null) {
      open(loop, new InetSocketAddress(remapped, port), handler, promise);
      return promise;
    }
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
        .option(ChannelOption.RCVBUF_ALLOCATOR, ReadSizes.ALLOCATOR)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .handler(handler)
        .connect(address);
    connecting.addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        promise.trySuccess(f.channel());
      } else {
        promise.tryFailure(explained(f.cause(), address));
      }
    });
  }

  /**
   * {@code cause}, or, when file descriptors ran out, a failure whose message says so and names the
   * limit (Netty's own says only that it could not create a channel); logged at most once a minute.
   */
  private Throwable explained(Throwable cause, InetSocketAddress address) {
    Optional<DescriptorShortage> shortage = DescriptorShortage.of(cause);
    if (shortage.isEmpty()) {
      return cause;
    }
    String reason = shortage.get().reason(openFiles);
    shortages.report(heldBack -> log.warn("cannot connect to {}:{}: {}{}", address.getHostString(), address.getPort(),
        reason, LogThrottle.heldBack(heldBack)));
    IOException explained = new IOException(reason);
    explained.addSuppressed(cause);
    return explained;
  }
}
