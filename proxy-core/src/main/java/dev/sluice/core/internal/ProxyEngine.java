package dev.sluice.core.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpRequest;
import dev.sluice.core.internal.tls.TlsSettings;
import dev.sluice.core.internal.tls.TlsSupport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running proxy: the listening socket, its event loops, the hook worker pool, the hooks, client-side replay. */
public final class ProxyEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyEngine.class);

  private final ProxyConfig config;
  private final HookChain hooks;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup loops;
  private final ExecutorService workers;
  private final ChannelGroup clients;
  private final Channel listener;
  private final ReplayTickets replays;
  private final ReplayClient replayClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ProxyEngine(ProxyConfig config, HookChain hooks, TlsSettings tls) {
    this.config = config;
    this.hooks = hooks;
    Transport transport = Transport.best();
    this.acceptor = transport.newGroup(1, "sluice-accept");
    // one event loop a core, not Netty's two: hooks that block run on the workers, and on 2 cores the
    // fourth loop cost 5% of the requests a second at 1 KiB (README, "Performance")
    this.loops = transport.newGroup(Runtime.getRuntime().availableProcessors(), "sluice-io");
    this.workers = Executors.newCachedThreadPool(daemonThreads("sluice-worker-"));
    this.clients = new DefaultChannelGroup("sluice-clients", loops.next());
    this.replays = new ReplayTickets(workers);
    OpenFiles openFiles = OpenFiles.ofThisProcess();
    SessionContext context = new SessionContext(config, new HookRunner(hooks, workers),
        new UpstreamConnector(transport, workers, config.connectTimeout(), openFiles, config.hosts()),
        TlsSupport.create(tls, workers), replays);
    ChannelFuture bound = new ServerBootstrap()
        .group(acceptor, loops)
        .channel(transport.serverChannel())
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, ReadSizes.ALLOCATOR)
        .handler(new ServerPipeline(clients, config.maxConnections(), openFiles))
        .childHandler(new ClientPipeline(context))
        .bind(config.listenHost(), config.port())
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutDownThreads();
      Throwable cause = bound.cause();
      throw new UncheckedIOException("cannot listen on " + config.listenHost() + ":" + config.port() + ": "
          + cause.getMessage(), cause instanceof IOException io ? io : new IOException(cause));
    }
    this.listener = bound.channel();
    this.replayClient = new ReplayClient(transport, loops, replays, this::address);
    log.info("listening on {} ({} mode, {} transport, at most {} client connections, {})", listener.localAddress(),
        config.mode(), transport.name(), config.maxConnections(), openFiles);
  }

  /**
   * Binds and starts a proxy with {@code hooks}, intercepting TLS as {@code tls} says.
   *
   * @throws UncheckedIOException naming the address when it cannot be bound
   */
  public static ProxyEngine start(ProxyConfig config, HookChain hooks, TlsSettings tls) {
    return new ProxyEngine(config, hooks, tls);
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** The hooks, changeable while running. */
  public HookChain hooks() {
    return hooks;
  }

  /** The settings. */
  public ProxyConfig config() {
    return config;
  }

  /**
   * Sends {@code request} through this proxy as if a client had: every hook sees it, marked as a
   * {@link dev.sluice.api.ReplayKind#REQUEST} replay. The future gives the finished flow; it fails
   * when the proxy closes first. Cancelling it hangs up (the flow ends as client-aborted).
   */
  public CompletableFuture<Flow> replay(HttpRequest request) {
    return replayClient.send(request);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listener.close().awaitUninterruptibly();
    clients.close().awaitUninterruptibly();
    replays.close();
    shutDownThreads();
    List<FlowHook> all = hooks.all();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i) instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("hook {} failed to close", all.get(i).name(), e);
        }
      }
    }
  }

  private void shutDownThreads() {
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("hook workers still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
