package dev.sluice.bench.load;

import java.util.Arrays;

/**
 * The request latencies one load thread measured, in nanoseconds; merged and sorted at the end to
 * give percentiles.
 *
 * <pre>{@code
 * Latencies mine = new Latencies();
 * mine.add(System.nanoTime() - start);
 * long p99 = Latencies.merge(List.of(mine)).percentile(99);
 * }</pre>
 */
public final class Latencies {

  private long[] values = new long[1024];
  private int size;

  /** Records one latency. */
  public void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  /** How many latencies were recorded. */
  public int count() {
    return size;
  }

  /** All latencies of {@code parts} in one sorted set. */
  public static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies part : parts) {
      for (int i = 0; i < part.size; i++) {
        all.add(part.values[i]);
      }
    }
    Arrays.sort(all.values, 0, all.size);
    return all;
  }

  /** The {@code percent}th percentile (nearest rank) of a merged set, in nanoseconds; 0 when empty. */
  public long percentile(double percent) {
    if (size == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100 * size);
    return values[Math.max(0, Math.min(size, rank) - 1)];
  }
}
