package dev.sluice.bench;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.FlowWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing and reading mitmproxy dumps: 1000 flows with a response body of {@code bodyKiB} each, to
 * and from a file (one flush per flow, as the recorder does). MB/s = file size / time per op; the
 * setup prints the file size. Run: {@code java -jar proxy-bench/target/benchmarks.jar DumpThroughput}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DumpThroughputBenchmark {

  private static final int FLOWS = 1000;

  @Param({"1", "64"})
  public int bodyKiB;

  private HttpFlow[] flows;
  private Path dir;
  private Path written;
  private Path toRead;

  @Setup
  public void setUp() throws IOException {
    byte[] body = new byte[bodyKiB * 1024];
    Arrays.fill(body, (byte) 'x');
    flows = new HttpFlow[FLOWS];
    for (int i = 0; i < FLOWS; i++) {
      HttpFlow flow = BenchFlows.request();
      flow.respond(Response.builder().status(200).header("Content-Length", Integer.toString(body.length))
          .content(body).build());
      flows[i] = flow;
    }
    dir = Files.createTempDirectory("sluice-dump-bench");
    written = dir.resolve("written.mitm");
    toRead = dir.resolve("read.mitm");
    try (FlowWriter writer = FlowWriter.append(toRead)) {
      for (HttpFlow flow : flows) {
        writer.write(flow);
      }
    }
    System.out.printf("%n%d flows, %.1f MB per file%n", FLOWS, Files.size(toRead) / 1e6);
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(written);
    Files.deleteIfExists(toRead);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public long write() throws IOException {
    Files.deleteIfExists(written);
    try (FlowWriter writer = FlowWriter.append(written)) {
      for (HttpFlow flow : flows) {
        writer.write(flow);
      }
    }
    return Files.size(written);
  }

  @Benchmark
  public int read() throws IOException {
    try (FlowReader reader = FlowReader.open(toRead)) {
      int count = 0;
      while (reader.read() != null) {
        count++;
      }
      return count;
    }
  }
}
