package dev.sluice.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An output stream that collects lines, so a test can wait for one without sleeping. */
final class LineCollector extends OutputStream {

  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(current.toString(StandardCharsets.UTF_8));
      current.reset();
    } else {
      current.write(b);
    }
  }

  /** Waits for the next line that matches, failing with every line seen when none comes in time. */
  String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        return fail("no matching line within " + timeout + "; lines seen: " + seen);
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Every line collected so far, waited for or not. */
  List<String> all() {
    List<String> all = new ArrayList<>(seen);
    all.addAll(lines);
    return all;
  }
}
