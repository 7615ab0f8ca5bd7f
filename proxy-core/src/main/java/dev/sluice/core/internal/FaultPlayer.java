package dev.sluice.core.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays an {@link EngineFault} on a client connection. Raw bytes are written below the HTTP/1.1
 * encoder (above TLS, if any); an HTTP/2 stream has no such place, and is reset instead.
 */
final class FaultPlayer {

  /** How many random bytes {@link EngineFault#GARBAGE} sends. */
  static final int GARBAGE_BYTES = 64;

  /** A chunk-size line that is not hexadecimal, so no HTTP/1.1 client can read past it. */
  private static final byte[] MALFORMED_CHUNK = "zz\r\nnot a chunk\r\n".getBytes(StandardCharsets.US_ASCII);

  private FaultPlayer() {}

  /** What the fault does, for the flow's error. */
  static String describe(EngineFault fault) {
    return switch (fault) {
      case RESET -> "the client connection was reset";
      case GARBAGE -> GARBAGE_BYTES + " random bytes were sent instead of a response";
      case MALFORMED_CHUNK -> "a malformed chunk was sent after the response head";
      case DROP_UPSTREAM -> "the upstream connection was dropped mid-body";
    };
  }

  /** Plays {@link EngineFault#RESET} or {@link EngineFault#GARBAGE} on {@code channel}, which then closes. */
  static void play(EngineFault fault, Channel channel) {
    if (fault == EngineFault.RESET) {
      reset(channel);
      return;
    }
    byte[] garbage = new byte[GARBAGE_BYTES];
    ThreadLocalRandom.current().nextBytes(garbage);
    sendRawThenClose(channel, garbage);
  }

  /** Sends a malformed chunk on {@code channel}, whose response head went out chunked, then closes it. */
  static void malformedChunk(Channel channel) {
    sendRawThenClose(channel, MALFORMED_CHUNK);
  }

  private static void reset(Channel channel) {
    if (channel instanceof SocketChannel && channel.isActive()) {
      // linger 0: the close is a TCP RST, not a FIN
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
    }
    channel.close();
  }

  private static void sendRawThenClose(Channel channel, byte[] bytes) {
    ChannelHandlerContext encoder = channel.pipeline().context(HttpResponseEncoder.class);
    if (encoder == null) {
      channel.close();
      return;
    }
    encoder.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
  }
}
