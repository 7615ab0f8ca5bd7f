package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.GrpcStatus;
import dev.sluice.api.internal.GrpcFrames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Cutting gRPC bodies into frames, without sockets: every split of the bytes gives the same messages. */
class GrpcFrameReaderTest {

  private static byte[] body(List<byte[]> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < messages.size(); i++) {
      out.writeBytes(GrpcFrames.frame(messages.get(i), i % 2 == 1));
    }
    return out.toByteArray();
  }

  private static List<String> read(GrpcFrameReader reader, byte[] body, int... cuts) throws GrpcFailure {
    List<String> messages = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      reader.read(ByteBuffer.wrap(body, from, cut - from)).forEach(f -> messages.add(describe(f)));
      from = cut;
    }
    reader.read(ByteBuffer.wrap(body, from, body.length - from)).forEach(f -> messages.add(describe(f)));
    reader.end();
    return messages;
  }

  private static String describe(GrpcFrameReader.Frame frame) {
    return (frame.compressed() ? "z:" : "") + Arrays.toString(frame.payload());
  }

  @Test
  void messagesSplitAtEveryOffsetComeOutWhole() throws Exception {
    byte[] body = body(List.of(new byte[] {1, 2, 3}, new byte[0], new byte[] {4}, new byte[] {5, 6}));
    List<String> whole = read(new GrpcFrameReader(100), body);
    assertThat(whole).containsExactly("[1, 2, 3]", "z:[]", "[4]", "z:[5, 6]");
    for (int cut = 0; cut <= body.length; cut++) {
      assertThat(read(new GrpcFrameReader(100), body, cut)).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Property
  void anySplitsOfAnyMessagesGiveTheSameMessages(@ForAll @Size(max = 6) List<@Size(max = 40) List<Byte>> messages,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 400) Integer> cuts) throws Exception {
    List<byte[]> payloads = messages.stream().map(GrpcFrameReaderTest::bytes).toList();
    byte[] body = body(payloads);
    int[] sorted = cuts.stream().mapToInt(c -> Math.min(c, body.length)).sorted().toArray();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      expected.add((i % 2 == 1 ? "z:" : "") + Arrays.toString(payloads.get(i)));
    }
    assertThat(read(new GrpcFrameReader(100), body, sorted)).isEqualTo(expected);
  }

  private static byte[] bytes(List<Byte> values) {
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  @Test
  void aBodyThatEndsInsideAMessageIsInternalAndSaysHowMuchCame() {
    GrpcFrameReader reader = new GrpcFrameReader(100);
    assertThatThrownBy(() -> read(reader, new byte[] {0, 0, 0, 0, 9, 1, 2}))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> {
          assertThat(f.status()).isEqualTo(GrpcStatus.INTERNAL);
          assertThat(f).hasMessageContaining("inside a message of 9 bytes, after 2 of them");
        });
  }

  @Test
  void aBodyThatEndsInsideAPrefixIsInternal() {
    assertThatThrownBy(() -> read(new GrpcFrameReader(100), new byte[] {0, 0, 0}))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> {
          assertThat(f.status()).isEqualTo(GrpcStatus.INTERNAL);
          assertThat(f).hasMessageContaining("inside a message prefix, after 3 of its 5 bytes");
        });
  }

  @Test
  void aMessageOverTheLimitFailsAtItsPrefixWithResourceExhausted() {
    GrpcFrameReader reader = new GrpcFrameReader(10);
    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(new byte[] {0, 0x7f, 0, 0, 0})))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> {
          assertThat(f.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
          assertThat(f).hasMessageContaining("a message of 2130706432 bytes, over the limit of 10 bytes");
        });
  }

  @Test
  void aCompressedFlagOtherThanZeroOrOneIsInternal() {
    assertThatThrownBy(() -> new GrpcFrameReader(10).read(ByteBuffer.wrap(new byte[] {2, 0, 0, 0, 0})))
        .isInstanceOfSatisfying(GrpcFailure.class, f -> {
          assertThat(f.status()).isEqualTo(GrpcStatus.INTERNAL);
          assertThat(f).hasMessageContaining("compressed flag 2");
        });
  }
}
