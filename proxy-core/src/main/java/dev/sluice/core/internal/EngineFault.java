package dev.sluice.core.internal;

/**
 * A fault the engine plays for a flow, set as {@link FlowControls#FAULT} by a hook: the ones a hook
 * cannot play through the public API (answering a status and closing without an answer it can).
 *
 * <pre>{@code
 * flow.setAttribute(FlowControls.FAULT, EngineFault.GARBAGE);
 * }</pre>
 */
public enum EngineFault {
  /** Set before the request goes upstream: the client connection is reset (TCP RST) with no answer. */
  RESET,
  /** Set before the request goes upstream: random bytes instead of an answer, then the connection closes. */
  GARBAGE,
  /** Set in {@code responseHeaders}: the head goes out, then a malformed chunk, then the connection closes. */
  MALFORMED_CHUNK,
  /** Set in {@code responseHeaders}: the upstream connection is dropped after part of the body went out. */
  DROP_UPSTREAM
}
