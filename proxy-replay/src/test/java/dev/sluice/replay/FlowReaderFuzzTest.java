package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.replay.internal.dump.DumpCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, reading gives flows or a {@link FlowReadException}, never another failure. */
class FlowReaderFuzzTest {

  private static final byte[] RECORD = DumpCodec.encode(StoredFlows.webSocket(1));

  @Property(tries = 300)
  void randomBytesGiveFlowsOrAFlowReadException(@ForAll("junk") byte[] data) {
    assertOnlyFlowReadException(data);
  }

  @Property(tries = 300)
  void aRecordWithBytesChangedGivesFlowsOrAFlowReadException(@ForAll @Size(min = 1, max = 8) int[] positions,
      @ForAll @IntRange(min = 0, max = 255) int value) {
    byte[] data = RECORD.clone();
    for (int position : positions) {
      data[Math.floorMod(position, data.length)] = (byte) value;
    }
    assertOnlyFlowReadException(data);
  }

  @Property(tries = 300)
  void harEntriesWithOddValuesGiveFlowsOrAFlowReadException(@ForAll("jsonValues") String time,
      @ForAll("jsonValues") String status, @ForAll("jsonValues") String url, @ForAll("jsonValues") String started,
      @ForAll("jsonValues") String header) {
    String har = "{\"log\":{\"entries\":[{\"startedDateTime\":" + started + ",\"time\":" + time
        + ",\"request\":{\"method\":\"GET\",\"url\":" + url + ",\"headers\":[{\"name\":" + header
        + ",\"value\":" + header + "}]},\"response\":{\"status\":" + status
        + ",\"content\":{\"text\":" + header + ",\"encoding\":\"base64\"}}}]}}";
    assertOnlyFlowReadException(har.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> jsonValues() {
    return Arbitraries.of("null", "0", "-1", "1e308", "-1e308", "200", "99999999999", "\"\"", "\"x y\"",
        "\"2024-01-01T00:00:00Z\"", "\"http://h/p\"", "\"https://[::1]:99999/\"", "\"http://a:b@/\"",
        "\":authority\"", "\"\\r\\n\"", "[]", "{}", "true", "\"\u00e9\"");
  }

  private static void assertOnlyFlowReadException(byte[] data) {
    try (FlowReader reader = FlowReader.of(new ByteArrayInputStream(data), "fuzz")) {
      reader.readAll();
    } catch (FlowReadException e) {
      assertThat(e.offset()).isBetween(-1L, (long) data.length);
    } catch (IOException e) {
      throw new AssertionError("not a FlowReadException: " + e, e);
    }
  }

  /** Bytes behind a valid zlib header, so that the reader takes them for a {@code .zhar}. */
  private static byte[] zlibHeader(byte[] tail) {
    byte[] data = new byte[tail.length + 2];
    data[0] = 0x78;
    data[1] = (byte) 0x9c;
    System.arraycopy(tail, 0, data, 2, tail.length);
    return data;
  }

  @Provide
  Arbitrary<byte[]> junk() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(FlowReaderFuzzTest::zlibHeader),
        Arbitraries.strings().withChars("0123456789:,;#^!~]}{tuefalsrn").ofMaxLength(64).map(String::getBytes));
  }
}
