package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.internal.FlowControls;
import dev.sluice.core.internal.Pacing;
import dev.sluice.core.options.Option;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Slow responses (Sluice only): each spec {@code [/filter]/[chunk:]delay[/probability%]} delays the
 * response head of the flows it picks (the answer of the upstream or of a hook), or with
 * {@code chunk:} each piece of the response body (which is then streamed). The delay is a {@link Delay}: {@code 2s},
 * {@code 100ms..2s} (uniform) or {@code lognormal:200ms:0.5}. No thread sleeps: the flow is
 * resumed by a timer, and nothing more is read from its upstream meanwhile.
 *
 * <pre>{@code
 * ProxyServer.builder().latency("/~d payments.test/5s").start();
 * ProxyServer.builder().hook(Latency.of("/chunk:50ms", "/~u /search/100ms..1s/25%")).start();
 * }</pre>
 */
public final class Latency implements FlowHook {

  /** {@code latency} (Sluice only): when not empty, one hook with all its specs; empty by default. */
  public static final Option<List<ChaosSpec<Action>>> LATENCY = Option.sequence("latency", Latency::spec)
      .help("Delay responses: [/filter]/[chunk:]delay[/probability%], delay as 2s, 100ms..2s (uniform) or "
          + "lognormal:200ms:0.5; chunk: delays each piece of the body (streaming it) instead of the head.")
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(Latency.of(specs, new Random()));
        }
      })
      .build();

  /** The options of this hook: {@link #LATENCY}. */
  public static final List<Option<?>> OPTIONS = List.of(LATENCY);

  /** What a spec does: a delay before the response head, or after each piece of the response body. */
  public record Action(boolean betweenChunks, Delay delay) {

    /** Parses {@code [chunk:]delay}. */
    public static Action parse(String text) {
      return text.startsWith("chunk:") ? new Action(true, Delay.parse(text.substring(6))) : new Action(false,
          Delay.parse(text));
    }

    @Override
    public String toString() {
      return (betweenChunks ? "chunk:" : "") + delay;
    }
  }

  private final List<ChaosSpec<Action>> specs;
  private final Random random;

  private Latency(List<ChaosSpec<Action>> specs, Random random) {
    this.specs = List.copyOf(specs);
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A hook for the given specs, with {@code random} for probabilities and random delays (seed it in tests). */
  public static Latency of(List<ChaosSpec<Action>> specs, Random random) {
    return new Latency(specs, random);
  }

  /** A hook for the given spec strings. */
  public static Latency of(String... specs) {
    return new Latency(Arrays.stream(specs).map(Latency::spec).toList(), new Random());
  }

  /** Parses one spec. */
  public static ChaosSpec<Action> spec(String text) {
    return ChaosSpec.parse(text, Action::parse);
  }

  @Override
  public void responseHeaders(HttpFlow flow) {
    for (ChaosSpec<Action> spec : specs) {
      if (!spec.picks(flow, random)) {
        continue;
      }
      Delay delay = spec.action().delay();
      if (spec.action().betweenChunks()) {
        // each piece goes on to the client as it comes, after its delay
        flow.response().setStreamed(true);
        FlowControls.pace(flow, (direction, bytes) ->
            direction == Pacing.Direction.RESPONSE ? delay.sample(random) : Duration.ZERO);
      } else {
        FlowControls.pause(flow, delay.sample(random));
      }
    }
  }

  @Override
  public String name() {
    return "latency";
  }
}
