package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.HttpFlow;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One {@code [/filter]/action[/probability%]} specification of {@link Latency}, {@link Bandwidth}
 * and {@link Faults} (Sluice only). The first character is the separator (pick one the filter does
 * not hold, as {@code :~u /pay:500ms}); a last part ending in {@code %} is the chance that a
 * matching flow is affected (100% by default), so a chaos test can fail one request in ten.
 *
 * <pre>{@code
 * ChaosSpec.parse("/~d payments.test/2s", Delay::parse);          // every flow to payments.test
 * ChaosSpec.parse("/reset/10%", Faults.Fault::parse);             // one flow in ten, any host
 * }</pre>
 *
 * @param <A> what the action part reads as
 */
public final class ChaosSpec<A> {

  private final String text;
  private final FlowFilter filter;
  private final A action;
  private final double probability;

  private ChaosSpec(String text, FlowFilter filter, A action, double probability) {
    this.text = text;
    this.filter = filter;
    this.action = action;
    this.probability = probability;
  }

  /**
   * Parses {@code spec}, its action with {@code action}.
   *
   * @throws IllegalArgumentException quoting the spec and naming what is wrong in it: the number of
   *     parts, the filter, the action (as {@code action} says) or the probability
   */
  public static <A> ChaosSpec<A> parse(String spec, Function<String, ? extends A> action) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(action, "action");
    if (spec.length() < 2) {
      throw bad(spec, "expected [/filter]/action[/probability%]");
    }
    String[] parts = spec.substring(1).split(Pattern.quote(spec.substring(0, 1)), -1);
    int count = parts.length;
    double probability = 1;
    if (count > 1 && parts[count - 1].endsWith("%")) {
      probability = probability(spec, parts[count - 1]);
      count--;
    }
    if (count > 2) {
      throw bad(spec, "expected [/filter]/action[/probability%], got " + parts.length + " parts separated by \""
          + spec.charAt(0) + "\"");
    }
    FlowFilter filter = FlowFilter.all();
    if (count == 2) {
      try {
        filter = FlowFilter.parse(parts[0]);
      } catch (IllegalArgumentException e) {
        throw bad(spec, e.getMessage());
      }
    }
    try {
      return new ChaosSpec<>(spec, filter, action.apply(parts[count - 1].trim()), probability);
    } catch (IllegalArgumentException e) {
      throw bad(spec, e.getMessage());
    }
  }

  /** The flows this spec is for. */
  public FlowFilter filter() {
    return filter;
  }

  /** What to do to them. */
  public A action() {
    return action;
  }

  /** The chance that a matching flow is affected, 0 to 1. */
  public double probability() {
    return probability;
  }

  /** Whether {@code flow} gets the action this time: the filter matches it and {@code random} says so. */
  public boolean picks(HttpFlow flow, Random random) {
    return filter.test(flow) && (probability >= 1 || random.nextDouble() < probability);
  }

  /** The spec as written. */
  @Override
  public String toString() {
    return text;
  }

  private static double probability(String spec, String part) {
    String number = part.substring(0, part.length() - 1).trim();
    double percent;
    try {
      percent = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw bad(spec, "not a probability: \"" + part + "\" (expected a percentage such as 10%)");
    }
    if (!(percent >= 0 && percent <= 100)) {
      throw bad(spec, "probability out of range 0%..100%: \"" + part + "\"");
    }
    return percent / 100;
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("spec \"" + spec + "\": " + why);
  }
}
