package dev.sluice.core.internal;

import dev.sluice.api.FlowAttribute;
import dev.sluice.api.HttpFlow;
import java.time.Duration;

/**
 * What the hooks of this module ask of the engine for one flow beyond the public API: a pause
 * before the flow's next step, the pacing of its bodies, a fault the engine plays. Each is a flow
 * attribute the exchange reads; none blocks a thread.
 *
 * <pre>{@code
 * FlowControls.pause(flow, Duration.ofSeconds(2));      // in responseHeaders: the head goes out 2 s later
 * FlowControls.pace(flow, (direction, bytes) -> Duration.ofMillis(10));
 * flow.setAttribute(FlowControls.FAULT, EngineFault.RESET);
 * }</pre>
 */
public final class FlowControls {

  /** A pause the exchange takes once the hooks of the current event are done, before its next step; taken once. */
  public static final FlowAttribute<Duration> PAUSE = FlowAttribute.of("sluice.pause", Duration.class);

  /** How the flow's bodies are paced: a rest after each piece passed on. */
  public static final FlowAttribute<Pacing> PACING = FlowAttribute.of("sluice.pacing", Pacing.class);

  /** A fault the engine plays for the flow. */
  public static final FlowAttribute<EngineFault> FAULT = FlowAttribute.of("sluice.fault", EngineFault.class);

  private FlowControls() {}

  /** Adds {@code pause} to the pause the flow takes after the current event. */
  public static void pause(HttpFlow flow, Duration pause) {
    Duration before = flow.attribute(PAUSE);
    flow.setAttribute(PAUSE, before == null ? pause : before.plus(pause));
  }

  /** Paces the flow's bodies with {@code pacing} too: after each piece, the longer of the rests asked for. */
  public static void pace(HttpFlow flow, Pacing pacing) {
    Pacing before = flow.attribute(PACING);
    flow.setAttribute(PACING, before == null ? pacing : before.and(pacing));
  }
}
