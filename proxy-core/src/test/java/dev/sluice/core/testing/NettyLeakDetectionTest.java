package dev.sluice.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

class NettyLeakDetectionTest {

  @Test
  void reportsABufferThatWasNeverReleased() {
    NettyLeakDetection.collectLeaks();
    leakOneBuffer();

    assertThat(NettyLeakDetection.collectLeaks()).isNotEmpty().allMatch(leak -> leak.startsWith("LEAK: ByteBuf"));
  }

  @Test
  void reportsNothingWhenEveryBufferIsReleased() {
    ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(32);
    buffer.writeInt(42);
    buffer.release();

    assertThat(NettyLeakDetection.collectLeaks()).isEmpty();
  }

  private static void leakOneBuffer() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(32);
    leaked.writeLong(7);
  }
}
