package dev.sluice.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection politely after its last answer: half-closes once the answer is
 * written, keeps reading (the pipeline drops what arrives) for a moment, then closes. A client still
 * sending its request gets the answer instead of a reset that could destroy it unread.
 */
final class Linger {

  private static final long MILLIS = 2_000;

  private Linger() {}

  /** After {@code lastWrite}: half-close, keep draining, then close; closes at once if it cannot half-close. */
  static void closeAfter(Channel channel, Future<?> lastWrite) {
    lastWrite.addListener(f -> {
      if (channel instanceof DuplexChannel duplex && channel.isActive()) {
        duplex.shutdownOutput();
        channel.eventLoop().schedule(() -> channel.close(), MILLIS, TimeUnit.MILLISECONDS);
        channel.read();
      } else {
        channel.close();
      }
    });
  }
}
