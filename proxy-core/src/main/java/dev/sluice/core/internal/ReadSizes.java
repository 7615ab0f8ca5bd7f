package dev.sluice.core.internal;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How much one read of a proxied TCP connection may take. The engine reads only when an exchange
 * wants bytes (auto-read off), and then Netty reads once: with its default guess, at most 64 KiB, a
 * streamed 1 GiB body took 16 384 reads, each a trip through the exchange and a write on the other
 * side. The guess grows to 1 MiB as a connection's reads fill it (and shrinks again when they do
 * not), so a bulk transfer moves in fewer, larger pieces while a connection of small requests keeps
 * small buffers. The HTTP decoders pass a read's body on as one chunk up to the same size.
 *
 * <pre>{@code
 * bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, ReadSizes.ALLOCATOR);
 * }</pre>
 */
final class ReadSizes {

  /** The largest read, and the largest body chunk the HTTP decoders pass on. */
  static final int MAX = 1 << 20;

  /** The guess, from 64 bytes up to {@link #MAX}, starting at 2 KiB (shared: each channel keeps its own state). */
  static final RecvByteBufAllocator ALLOCATOR = new AdaptiveRecvByteBufAllocator(64, 2048, MAX);

  private ReadSizes() {}
}
