package dev.sluice.core.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.sluice.api.FlowHook;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An exchange played without sockets, as mitmproxy's playbooks do: the client connection is an
 * {@link EmbeddedChannel} with the real HTTP/1.1 codecs and {@link Http1Connection}, every upstream
 * connection the engine dials is another, and the test sends and reads the bytes on both.
 */
final class Playbook implements AutoCloseable {

  /** An upstream connection the engine dialed, and where to. */
  record Dialed(String host, int port, EmbeddedChannel channel) {
    /** What the engine sent on it so far, as text. */
    String received() {
      return drain(channel);
    }

    /** The server sends {@code raw}. */
    void sends(String raw) {
      channel.writeInbound(bytes(raw));
    }
  }

  final List<Dialed> dialed = new ArrayList<>();
  final EmbeddedChannel client;
  private final HookChain hooks = new HookChain();

  Playbook(FlowHook... hooks) {
    this(config(Duration.ofSeconds(30), 1 << 20), hooks);
  }

  Playbook(ProxyConfig config, FlowHook... hooks) {
    for (FlowHook hook : hooks) {
      this.hooks.add(HookPhase.DEFAULT, hook);
    }
    Dialer dialer = this::dial;
    SessionContext context = new SessionContext(config, new HookRunner(this.hooks, Runnable::run), dialer, null,
        new ReplayTickets(Runnable::run));
    client = new Loopback(new StrictRequestDecoder(config.maxHeaderSize()),
        new io.netty.handler.codec.http.HttpResponseEncoder(), new Http1Connection(context));
  }

  /** A regular-mode configuration with the given response timeout and body limit. */
  static ProxyConfig config(Duration responseTimeout, long maxBodySize) {
    return new ProxyConfig("127.0.0.1", 0, ProxyMode.regular(), 16 * 1024, maxBodySize, Duration.ofSeconds(5),
        responseTimeout, Duration.ofSeconds(60), false, ConnectionStrategy.EAGER, false, 100, null, 100, true,
        HostAddresses.NONE, false);
  }

  private Future<Channel> dial(EventLoop loop, String host, int port, ChannelHandler handler) {
    EmbeddedChannel upstream = new Loopback(handler);
    dialed.add(new Dialed(host, port, upstream));
    return loop.newSucceededFuture(upstream);
  }

  /** The client sends {@code raw}. */
  void clientSends(String raw) {
    client.writeInbound(bytes(raw));
    client.runPendingTasks();
  }

  /** What the proxy wrote to the client so far, as text. */
  String clientReceived() {
    client.runPendingTasks();
    return drain(client);
  }

  /** Upstream connection {@code i}, dialed in that order. */
  Dialed upstream(int i) {
    return dialed.get(i);
  }

  /** Lets {@code time} pass on the client connection's event loop. */
  void advance(Duration time) {
    client.advanceTimeBy(time.toMillis(), TimeUnit.MILLISECONDS);
    client.runScheduledPendingTasks();
    client.runPendingTasks();
  }

  @Override
  public void close() {
    client.finishAndReleaseAll();
    for (Dialed d : dialed) {
      d.channel().finishAndReleaseAll();
    }
  }

  private static ByteBuf bytes(String raw) {
    return Unpooled.copiedBuffer(raw, ISO_8859_1);
  }

  private static String drain(EmbeddedChannel channel) {
    StringBuilder text = new StringBuilder();
    for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
      ByteBuf buf = (ByteBuf) out;
      text.append(buf.toString(ISO_8859_1));
      buf.release();
    }
    return text.toString();
  }

  /** An embedded channel with loopback socket addresses, as the engine expects of a TCP connection. */
  private static final class Loopback extends EmbeddedChannel {
    Loopback(ChannelHandler... handlers) {
      super(handlers);
    }

    @Override
    protected SocketAddress localAddress0() {
      return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return new InetSocketAddress("127.0.0.1", 50000);
    }
  }
}
