package dev.sluice.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the listening channel: counts the open client connections, each from accept to close, and
 * marks every connection accepted beyond {@code maxConnections} as refused, with the reason that
 * {@link ClientPipeline} answers it with. Refused connections do not count; refusals are logged at
 * most once a minute.
 */
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
  private static final AttributeKey<String> REFUSAL = AttributeKey.valueOf(ConnectionLimit.class, "refusal");

  private final int max;
  private final String reason;
  private final AtomicInteger open = new AtomicInteger();
  private final LogThrottle refusals = LogThrottle.oncePerMinute();

  ConnectionLimit(int max) {
    this.max = max;
    this.reason = "the proxy is at its limit of " + max + " concurrent connections (maxConnections)";
  }

  /** Why {@code client} is refused, or null when it was let in. */
  static String refusal(Channel client) {
    return client.attr(REFUSAL).get();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel client = (Channel) msg;
    if (open.incrementAndGet() <= max) {
      client.closeFuture().addListener(f -> open.decrementAndGet());
    } else {
      open.decrementAndGet();
      client.attr(REFUSAL).set(reason);
      refusals.report(heldBack -> log.warn("refused a connection from {}: {}{}", client.remoteAddress(), reason,
          LogThrottle.heldBack(heldBack)));
    }
    ctx.fireChannelRead(client);
  }
}
