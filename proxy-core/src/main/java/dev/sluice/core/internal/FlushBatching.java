package dev.sluice.core.internal;

import io.netty.channel.ChannelHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Batches the flushes of an HTTP/2 connection's streams. A stream's answer is written while the
 * other side's connection is being read, so each stream flushed its connection on its own: one TLS
 * record and one system call per stream. Below the frame codec, this handler turns the flushes of one
 * event-loop task (a read of the other side) into one, done as the task ends.
 */
final class FlushBatching {

  private FlushBatching() {}

  /** A new handler for one connection's pipeline, between TLS and the HTTP/2 frame codec. */
  static ChannelHandler handler() {
    return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
  }
}
