package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.api.Flow;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpDamageTest {

  @TempDir
  Path dir;

  @Test
  void aTruncatedDumpGivesEveryWholeFlowAndTheOffsetOfTheTornOne() throws Exception {
    Path file = write(3);
    long[] ends = recordEnds(file);
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) ends[2] - 100));

    FlowReadException e = catchThrowableOfType(FlowReadException.class, () -> FlowReader.readAll(file));

    assertThat(e.offset()).isEqualTo(ends[1]);
    assertThat(e.flowsRead()).isEqualTo(2);
    assertThat(e.partialFlows()).extracting(Flow::id).containsExactly("flow-0", "flow-1");
    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e).hasMessageContaining("bad record at byte " + ends[1] + " (after 2 good flows)")
        .hasMessageContaining("truncated");
  }

  @Test
  void aCorruptRecordIsReportedAtItsOffsetAfterTheFlowsBeforeIt() throws Exception {
    Path file = write(3);
    long[] ends = recordEnds(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) ends[1] - 1] = '!';
    Files.write(file, bytes);

    try (FlowReader reader = FlowReader.open(file)) {
      assertThat(reader.read().id()).isEqualTo("flow-0");
      FlowReadException e = catchThrowableOfType(FlowReadException.class, reader::read);
      assertThat(e.offset()).isEqualTo(ends[0]);
      assertThat(e.flowsRead()).isEqualTo(1);
    }
  }

  @Test
  void aStreamEndsAtTheBadRecordWithTheFlowReadExceptionAsCause() throws Exception {
    Path file = write(3);
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) recordEnds(file)[1] + 5));
    List<String> seen = new ArrayList<>();

    try (FlowReader reader = FlowReader.open(file)) {
      assertThatThrownBy(() -> reader.stream().forEach(f -> seen.add(f.id())))
          .isInstanceOf(UncheckedIOException.class)
          .cause().isInstanceOf(FlowReadException.class).hasMessageContaining("after 2 good flows");
    }
    assertThat(seen).containsExactly("flow-0", "flow-1");
  }

  @Test
  void bytesThatAreNoDumpAreRefusedWithAClearErrorNotACrash() throws Exception {
    for (String junk : List.of("hello", "5:hello,", "3:abc#", "0:", "14:7:version;1:0#}", "12:4:type;3:tcp;}")) {
      FlowReadException e = catchThrowableOfType(FlowReadException.class,
          () -> FlowReader.of(new ByteArrayInputStream(junk.getBytes(StandardCharsets.US_ASCII)), "junk").readAll());
      assertThat(e).as(junk).isNotNull();
      assertThat(e.offset()).as(junk).isZero();
    }
  }

  @Test
  void anEmptyFileHoldsNoFlows() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.mitm"));
    assertThat(FlowReader.readAll(file)).isEmpty();
  }

  @Test
  void appendingAfterACrashCutsTheTornRecordAndKeepsEveryFlowReadable() throws Exception {
    Path file = write(2);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));

    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(StoredFlows.exchange(7));
    }

    assertThat(FlowReader.readAll(file)).extracting(Flow::id).containsExactly("flow-0", "flow-7");
  }

  @Test
  void appendingToAFileThatIsNoDumpIsRefusedAndLeavesItAlone() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "these are my notes, not a dump\n");

    assertThat(catchThrowableOfType(java.io.IOException.class, () -> FlowWriter.append(file)))
        .hasMessageContaining("not a mitmproxy dump");
    assertThat(Files.readString(file)).isEqualTo("these are my notes, not a dump\n");
  }

  @Test
  void aWriterKilledMidWriteLeavesEveryFinishedFlowReadable() throws Exception {
    Path file = dir.resolve("killed.mitm");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        WritingChild.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int reported;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && Integer.parseInt(line) < 200);
      assertThat(line).as("the writing child reported progress").isNotNull();
      reported = Integer.parseInt(line);
      child.destroyForcibly();
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    List<Flow> flows;
    try {
      flows = FlowReader.readAll(file);
    } catch (FlowReadException e) {
      assertThat(e.offset()).isEqualTo(recordEnds(file, e.flowsRead())[e.flowsRead() - 1]);
      flows = e.partialFlows();
    }
    assertThat(flows.size()).isGreaterThanOrEqualTo(reported);
    for (int i = 0; i < flows.size(); i++) {
      assertThat(flows.get(i).id()).isEqualTo("flow-" + i);
    }
  }

  /** Writes flows to the file in {@code args[0]} until killed, printing the count after each one. */
  static final class WritingChild {
    public static void main(String[] args) throws Exception {
      try (FlowWriter writer = FlowWriter.append(Path.of(args[0]))) {
        for (int i = 0; ; i++) {
          writer.write(StoredFlows.exchange(i));
          System.out.println(i + 1);
        }
      }
    }
  }

  private Path write(int count) throws Exception {
    Path file = dir.resolve("flows-" + count + ".mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (int i = 0; i < count; i++) {
        writer.write(StoredFlows.exchange(i));
      }
    }
    return file;
  }

  /** The end offset of each whole record, from the length prefixes. */
  private static long[] recordEnds(Path file) throws Exception {
    return recordEnds(file, Integer.MAX_VALUE);
  }

  private static long[] recordEnds(Path file, int max) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    long[] ends = new long[0];
    int at = 0;
    while (at < bytes.length && ends.length < max) {
      int colon = at;
      while (colon < bytes.length && bytes[colon] != ':') {
        colon++;
      }
      if (colon >= bytes.length) {
        break;
      }
      long end = colon + 1 + Long.parseLong(new String(bytes, at, colon - at, StandardCharsets.US_ASCII)) + 1;
      if (end > bytes.length) {
        break;
      }
      ends = Arrays.copyOf(ends, ends.length + 1);
      ends[ends.length - 1] = end;
      at = (int) end;
    }
    return ends;
  }
}
