package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BodyBufferTest {

  @Property(tries = 200)
  void collectsTheChunksInOrderWhateverTheDeclaredLength(
      @ForAll @Size(max = 12) List<@Size(max = 3000) byte[]> chunks,
      @ForAll @IntRange(min = -1, max = 40_000) int declaredLength) {
    BodyBuffer buffer = new BodyBuffer(1 << 20, declaredLength);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (byte[] chunk : chunks) {
      assertThat(append(buffer, chunk)).isTrue();
      expected.writeBytes(chunk);
    }
    assertThat(buffer.size()).isEqualTo(expected.size());
    assertThat(buffer.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void refusesTheChunkThatWouldCrossTheLimitAndKeepsWhatCameBefore() {
    BodyBuffer buffer = new BodyBuffer(10, -1);
    assertThat(append(buffer, new byte[] {1, 2, 3, 4, 5, 6})).isTrue();
    assertThat(append(buffer, new byte[] {7, 8, 9, 10, 11})).isFalse();
    assertThat(buffer.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(buffer.outOfMemory()).isFalse();
  }

  @Test
  void aHeapThatCannotHoldTheLargerArrayRefusesTheChunkAndSaysSo() {
    BodyBuffer buffer = new BodyBuffer(1 << 20, -1, length -> {
      if (length > 8) {
        throw new OutOfMemoryError("Java heap space");
      }
      return new byte[length];
    });
    assertThat(append(buffer, new byte[] {1, 2, 3, 4, 5, 6})).isTrue();
    assertThat(append(buffer, new byte[] {7, 8, 9, 10, 11})).isFalse();
    assertThat(buffer.outOfMemory()).isTrue();
    assertThat(buffer.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  private static boolean append(BodyBuffer buffer, byte[] bytes) {
    ByteBuf chunk = Unpooled.wrappedBuffer(bytes);
    try {
      return buffer.append(chunk);
    } finally {
      chunk.release();
    }
  }
}
