package dev.sluice.core.hooks;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.internal.FlowControls;
import dev.sluice.core.internal.Pacing;
import dev.sluice.core.internal.options.Sizes;
import dev.sluice.core.options.Option;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slow links (Sluice only): each spec {@code [/filter]/[conn:][up:|down:]rate[/probability%]} caps
 * the bodies of the flows it picks at {@code rate} bytes a second ({@code 512}, {@code 64k},
 * {@code 1m}), upstream ({@code up:}, the request body), downstream ({@code down:}, the response
 * body) or both. The rate is per flow, or with {@code conn:} per client connection: the flows it
 * picks on one connection (keep-alive requests, HTTP/2 streams) share one budget in each direction.
 * After each piece the flow rests until its budget has paid for the piece, and reads nothing
 * meanwhile: the sender is held back (TCP back-pressure, HTTP/2 flow control), so a large body
 * throttled keeps memory flat. Streamed bodies are paced as they pass; aggregated ones as they are read.
 *
 * <pre>{@code
 * ProxyServer.builder().bandwidth("/~d cdn.test/down:256k").start();
 * ProxyServer.builder().hook(Bandwidth.of("/up:64k", "/conn:down:1m")).start();
 * }</pre>
 */
public final class Bandwidth implements FlowHook {

  /** {@code bandwidth} (Sluice only): when not empty, one hook with all its specs; empty by default. */
  public static final Option<List<ChaosSpec<Action>>> BANDWIDTH = Option.sequence("bandwidth", Bandwidth::spec)
      .help("Throttle bodies: [/filter]/[conn:][up:|down:]rate[/probability%], rate in bytes a second (64k, 1m); "
          + "per flow, or with conn: shared by the flows of a client connection; up: the request body, down: the "
          + "response body, both by default. The sender is held back, nothing is buffered.")
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(Bandwidth.of(specs, new Random()));
        }
      })
      .build();

  /** The options of this hook: {@link #BANDWIDTH}. */
  public static final List<Option<?>> OPTIONS = List.of(BANDWIDTH);

  /**
   * What a spec does: {@code bytesPerSecond} on the request body, the response body, or both; for
   * each flow, or {@code perConnection} for all the flows of a client connection together.
   */
  public record Action(boolean perConnection, boolean up, boolean down, long bytesPerSecond) {

    private static final String CONNECTION = "conn:";

    /** Parses {@code [conn:][up:|down:]rate}. */
    public static Action parse(String text) {
      boolean perConnection = text.startsWith(CONNECTION);
      String directed = perConnection ? text.substring(CONNECTION.length()) : text;
      boolean up = !directed.startsWith("down:");
      boolean down = !directed.startsWith("up:");
      String rate = up && down ? directed : directed.substring(directed.indexOf(':') + 1);
      long bytes;
      try {
        bytes = Sizes.parse(rate.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a rate in bytes a second: \"" + text + "\" (expected 64k, up:1m, "
            + "down:512, conn:down:1m)");
      }
      if (bytes < 1) {
        throw new IllegalArgumentException("rate must be at least 1 byte a second: \"" + text + "\"");
      }
      return new Action(perConnection, up, down, bytes);
    }

    /** Whether this action throttles the body going in {@code direction}. */
    boolean throttles(Pacing.Direction direction) {
      return direction == Pacing.Direction.REQUEST ? up : down;
    }

    /** The rest after {@code bytes} of a body in {@code direction}: what they take at this rate. */
    Duration rest(Pacing.Direction direction, int bytes) {
      return throttles(direction) ? Duration.ofNanos(bytes * 1_000_000_000L / bytesPerSecond) : Duration.ZERO;
    }

    @Override
    public String toString() {
      return (perConnection ? CONNECTION : "") + (up && down ? "" : up ? "up:" : "down:") + Sizes.format(bytesPerSecond);
    }
  }

  private final List<ChaosSpec<Action>> specs;
  private final Random random;
  private final LongSupplier nanoTime;
  /** The budgets of {@code conn:} specs, by client connection id, while the connection is open. */
  private final Map<String, Map<ChaosSpec<Action>, ConnectionBudget>> budgets = new ConcurrentHashMap<>();

  private Bandwidth(List<ChaosSpec<Action>> specs, Random random, LongSupplier nanoTime) {
    this.specs = List.copyOf(specs);
    this.random = Objects.requireNonNull(random, "random");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** A hook for the given specs, with {@code random} for probabilities (seed it in tests). */
  public static Bandwidth of(List<ChaosSpec<Action>> specs, Random random) {
    return new Bandwidth(specs, random, System::nanoTime);
  }

  /**
   * A hook for the given specs, with {@code random} for probabilities and {@code nanoTime} as the
   * clock of the {@code conn:} budgets: monotonic nanoseconds, like {@link System#nanoTime()} (a
   * clock that stands still, {@code () -> 0L}, shows in the rests what was charged to them).
   */
  public static Bandwidth of(List<ChaosSpec<Action>> specs, Random random, LongSupplier nanoTime) {
    return new Bandwidth(specs, random, nanoTime);
  }

  /** A hook for the given spec strings. */
  public static Bandwidth of(String... specs) {
    return of(Arrays.stream(specs).map(Bandwidth::spec).toList(), new Random());
  }

  /** Parses one spec. */
  public static ChaosSpec<Action> spec(String text) {
    return ChaosSpec.parse(text, Action::parse);
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    for (ChaosSpec<Action> spec : specs) {
      if (spec.picks(flow, random)) {
        FlowControls.pace(flow, spec.action().perConnection() ? shared(flow, spec) : spec.action()::rest);
      }
    }
  }

  @Override
  public void clientDisconnected(ClientConnection client) {
    budgets.remove(client.id());
  }

  /** The pacing of {@code flow} by the budget of {@code spec} on the flow's client connection. */
  private Pacing shared(HttpFlow flow, ChaosSpec<Action> spec) {
    Action action = spec.action();
    ConnectionBudget budget = budgets.computeIfAbsent(flow.client().id(), id -> new ConcurrentHashMap<>())
        .computeIfAbsent(spec, s -> new ConnectionBudget(action.bytesPerSecond(), nanoTime));
    return (direction, bytes) -> action.throttles(direction) ? budget.charge(direction, bytes) : Duration.ZERO;
  }

  @Override
  public String name() {
    return "bandwidth";
  }
}
