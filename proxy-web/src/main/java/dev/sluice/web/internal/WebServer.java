package dev.sluice.web.internal;

import dev.sluice.api.internal.Hosts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The web view's HTTP server: one Netty event loop of daemon threads serving a {@link FlowStore}
 * behind an {@link AccessGuard}. Requests carry no body worth keeping; one over 64 KiB gets a 413.
 *
 * <pre>{@code
 * try (WebServer server = WebServer.start(new InetSocketAddress("127.0.0.1", 8081), store, 1 << 20)) {
 *   System.out.println("http://127.0.0.1:" + server.address().getPort() + "/?token=" + server.token());
 * }
 * }</pre>
 */
public final class WebServer implements AutoCloseable {

  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final EventLoopGroup group;
  private final Channel channel;
  private final AccessGuard guard;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebServer(EventLoopGroup group, Channel channel, AccessGuard guard) {
    this.group = group;
    this.channel = channel;
    this.guard = guard;
  }

  /**
   * Listens on {@code address} and serves {@code store}, each body in a flow's detail cut at
   * {@code bodyLimit} bytes.
   *
   * @throws IOException naming the address when it cannot be listened on
   */
  public static WebServer start(InetSocketAddress address, FlowStore store, int bodyLimit) throws IOException {
    AccessGuard guard = new AccessGuard(AccessGuard.newToken(), ownHosts(address));
    HtmlPage page = HtmlPage.bundled();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sluice-web", true), NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new HttpObjectAggregator(MAX_REQUEST_BYTES), new WebRequestHandler(store, guard, page, bodyLimit));
          }
        });
    try {
      return new WebServer(group, bootstrap.bind(address).sync().channel(), guard);
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("the web view cannot listen on " + Hosts.withPort(address.getHostString(), address.getPort()) + ": " + e.getMessage(), e);
    }
  }

  /** The address listened on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The token every request must carry. */
  public String token() {
    return guard.token();
  }

  /** Stops listening and closes every connection; closing again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The names a Host header may give for {@code address}, besides the loopback ones. */
  private static Set<String> ownHosts(InetSocketAddress address) {
    Set<String> hosts = new HashSet<>(Set.of(address.getHostString()));
    if (address.getAddress() != null) {
      hosts.add(address.getAddress().getHostAddress());
    }
    return hosts;
  }
}
