package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.internal.FlowControls;
import dev.sluice.core.internal.Pacing;
import dev.sluice.core.internal.options.Sizes;
import dev.sluice.core.options.Option;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Slow links (Sluice only): each spec {@code [/filter]/[up:|down:]rate[/probability%]} caps the
 * bodies of the flows it picks at {@code rate} bytes a second ({@code 512}, {@code 64k}, {@code 1m}),
 * upstream ({@code up:}, the request body), downstream ({@code down:}, the response body) or both.
 * After each piece the flow rests as long as the piece takes at that rate, and reads nothing
 * meanwhile: the sender is held back (TCP back-pressure), so a large body throttled keeps memory
 * flat. Streamed bodies are paced as they pass; aggregated ones as they are read.
 *
 * <pre>{@code
 * ProxyServer.builder().bandwidth("/~d cdn.test/down:256k").start();
 * ProxyServer.builder().hook(Bandwidth.of("/up:64k")).start();
 * }</pre>
 */
public final class Bandwidth implements FlowHook {

  /** {@code bandwidth} (Sluice only): when not empty, one hook with all its specs; empty by default. */
  public static final Option<List<ChaosSpec<Action>>> BANDWIDTH = Option.sequence("bandwidth", Bandwidth::spec)
      .help("Throttle bodies: [/filter]/[up:|down:]rate[/probability%], rate in bytes a second (64k, 1m); up: the "
          + "request body, down: the response body, both by default. The sender is held back, nothing is buffered.")
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(Bandwidth.of(specs, new Random()));
        }
      })
      .build();

  /** The options of this hook: {@link #BANDWIDTH}. */
  public static final List<Option<?>> OPTIONS = List.of(BANDWIDTH);

  /** What a spec does: {@code bytesPerSecond} on the request body, the response body, or both. */
  public record Action(boolean up, boolean down, long bytesPerSecond) {

    /** Parses {@code [up:|down:]rate}. */
    public static Action parse(String text) {
      boolean up = !text.startsWith("down:");
      boolean down = !text.startsWith("up:");
      String rate = up && down ? text : text.substring(text.indexOf(':') + 1);
      long bytes;
      try {
        bytes = Sizes.parse(rate.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a rate in bytes a second: \"" + text + "\" (expected 64k, up:1m, "
            + "down:512)");
      }
      if (bytes < 1) {
        throw new IllegalArgumentException("rate must be at least 1 byte a second: \"" + text + "\"");
      }
      return new Action(up, down, bytes);
    }

    /** The rest after {@code bytes} of a body in {@code direction}: what they take at this rate. */
    Duration rest(Pacing.Direction direction, int bytes) {
      boolean mine = direction == Pacing.Direction.REQUEST ? up : down;
      return mine ? Duration.ofNanos(bytes * 1_000_000_000L / bytesPerSecond)
          : Duration.ZERO;
    }

    @Override
    public String toString() {
      return (up && down ? "" : up ? "up:" : "down:") + Sizes.format(bytesPerSecond);
    }
  }

  private final List<ChaosSpec<Action>> specs;
  private final Random random;

  private Bandwidth(List<ChaosSpec<Action>> specs, Random random) {
    this.specs = List.copyOf(specs);
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A hook for the given specs, with {@code random} for probabilities (seed it in tests). */
  public static Bandwidth of(List<ChaosSpec<Action>> specs, Random random) {
    return new Bandwidth(specs, random);
  }

  /** A hook for the given spec strings. */
  public static Bandwidth of(String... specs) {
    return new Bandwidth(Arrays.stream(specs).map(Bandwidth::spec).toList(), new Random());
  }

  /** Parses one spec. */
  public static ChaosSpec<Action> spec(String text) {
    return ChaosSpec.parse(text, Action::parse);
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    for (ChaosSpec<Action> spec : specs) {
      if (spec.picks(flow, random)) {
        FlowControls.pace(flow, spec.action()::rest);
      }
    }
  }

  @Override
  public String name() {
    return "bandwidth";
  }
}
