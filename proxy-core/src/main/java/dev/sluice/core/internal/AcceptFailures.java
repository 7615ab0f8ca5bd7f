package dev.sluice.core.internal;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the listening channel: an accept that fails because file descriptors ran out is logged at most
 * once a minute, naming the limit, and accepting pauses for a second before it is tried again.
 * Netty's acceptor pauses the same way for any failed accept but then lets the failure reach the
 * end of the pipeline, which logs a warning at every try; other failures still go that way.
 */
final class AcceptFailures extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AcceptFailures.class);
  private static final long PAUSE_MILLIS = 1_000;

  private final OpenFiles openFiles;
  private final LogThrottle shortages = LogThrottle.oncePerMinute();

  AcceptFailures(OpenFiles openFiles) {
    this.openFiles = openFiles;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Optional<DescriptorShortage> shortage = DescriptorShortage.of(cause);
    if (shortage.isEmpty()) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    shortages.report(heldBack -> log.warn("cannot accept connections: {}{}", shortage.get().reason(openFiles),
        LogThrottle.heldBack(heldBack)));
    ChannelConfig config = ctx.channel().config();
    if (config.isAutoRead()) {
      config.setAutoRead(false);
      ctx.executor().schedule(() -> config.setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
