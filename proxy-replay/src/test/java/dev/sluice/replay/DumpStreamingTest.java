package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpResponse;
import dev.sluice.replay.internal.dump.DumpCodec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reading is streaming: a child JVM with a 64 MiB heap counts the flows of a 1 GiB dump. */
class DumpStreamingTest {

  private static final int FLOWS = 1024;

  @Test
  void aGibibyteDumpIsCountedInASmallHeap() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        CountingChild.class.getName(), Integer.toString(FLOWS))
        .redirectErrorStream(true).start();
    child.getOutputStream().close();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output.lines().filter(l -> !l.contains("SLF4J"))).containsExactly(
        "read " + FLOWS + " flows, " + FLOWS + " MiB of bodies");
  }

  /** Streams {@code args[0]} copies of a flow with a 1 MiB body through a reader and counts them. */
  static final class CountingChild {
    public static void main(String[] args) throws Exception {
      int copies = Integer.parseInt(args[0]);
      Flow stored = StoredFlows.exchange(1);
      byte[] body = new byte[1 << 20];
      Arrays.fill(body, (byte) 'x');
      HttpResponse response = stored.response().newBuilder().build();
      response.setRawContent(body);
      Flow flow = stored.newBuilder().response(response).build();
      byte[] record = DumpCodec.encode(flow);
      try (FlowReader reader = FlowReader.of(new Repeating(record, copies), "synthetic.mitm")) {
        long[] bodies = new long[1];
        long count = reader.stream().peek(f -> bodies[0] += f.response().rawContentLength()).count();
        System.out.println("read " + count + " flows, " + (bodies[0] >> 20) + " MiB of bodies");
      }
    }
  }

  /** One record, over and over, never held more than once. */
  private static final class Repeating extends InputStream {
    private final byte[] record;
    private int left;
    private int at;

    Repeating(byte[] record, int copies) {
      this.record = record;
      this.left = copies;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = Math.min(len, record.length - at);
      System.arraycopy(record, at, b, off, n);
      at += n;
      if (at == record.length) {
        at = 0;
        left--;
      }
      return n;
    }
  }
}
