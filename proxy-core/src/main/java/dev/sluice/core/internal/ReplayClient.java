package dev.sluice.core.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Sends a request into the server as a client would: over a loopback connection to its own
 * listener, announced to {@link ReplayTickets} first, so the session that accepts it marks the
 * flow as a replay and hands it back when it has finished. The request goes in absolute form, so
 * it travels through the mode's ordinary path (upstream TLS, upstream proxy, reverse target) and
 * every hook.
 */
final class ReplayClient {

  private static final int MAX_RESPONSE_HEAD = 1 << 20;

  private final Transport transport;
  private final EventLoopGroup loops;
  private final ReplayTickets tickets;
  private final Supplier<InetSocketAddress> listener;

  ReplayClient(Transport transport, EventLoopGroup loops, ReplayTickets tickets, Supplier<InetSocketAddress> listener) {
    this.transport = transport;
    this.loops = loops;
    this.tickets = tickets;
    this.listener = listener;
  }

  /** Replays {@code request} (a copy the caller no longer touches); the future gives its finished flow. */
  CompletableFuture<Flow> send(HttpRequest request) {
    ReplayTicket ticket = tickets.open();
    if (ticket.result().isDone()) {
      return ticket.result();
    }
    if (!request.httpVersion().equals("HTTP/1.0") && !request.httpVersion().equals("HTTP/1.1")) {
      request.setHttpVersion("HTTP/1.1");
    }
    InetSocketAddress target = reachable(listener.get());
    ChannelFuture registered = new Bootstrap()
        .group(loops)
        .channel(transport.socketChannel())
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(new HttpDecoderConfig().setMaxHeaderSize(MAX_RESPONSE_HEAD)
                .setMaxInitialLineLength(MAX_RESPONSE_HEAD), false, false), new ResponseDrain());
          }
        })
        .register();
    Channel channel = registered.channel();
    ticket.result().whenComplete((flow, failure) -> channel.close());
    registered.addListener(r -> {
      if (!r.isSuccess()) {
        ticket.fail(r.cause());
        return;
      }
      channel.bind(new InetSocketAddress(target.getAddress(), 0)).addListener(b -> {
        if (!b.isSuccess()) {
          ticket.fail(b.cause());
          return;
        }
        tickets.expect(channel.localAddress(), ticket);
        channel.connect(target).addListener(c -> {
          if (c.isSuccess()) {
            write(channel, request);
          } else {
            ticket.fail(c.cause());
          }
        });
      });
    });
    return ticket.result();
  }

  private static void write(Channel channel, HttpRequest request) {
    List<HttpObject> parts = Messages.wholeRequest(request, request.url());
    for (int i = 0; i < parts.size() - 1; i++) {
      channel.write(parts.get(i));
    }
    channel.writeAndFlush(parts.get(parts.size() - 1));
  }

  /** Where this JVM reaches a listener bound to {@code address}: loopback when it is a wildcard. */
  private static InetSocketAddress reachable(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (!ip.isAnyLocalAddress()) {
      return address;
    }
    return new InetSocketAddress(ip instanceof Inet6Address ? "::1" : "127.0.0.1", address.getPort());
  }

  /** Reads the proxy's answer and hangs up when it is complete; the session reports the flow. */
  private static final class ResponseDrain extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean end = msg instanceof LastHttpContent
          || (msg instanceof HttpObject http && http.decoderResult().isFailure());
      ReferenceCountUtil.release(msg);
      if (end) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
