package dev.sluice.api;

/**
 * What part of a flow is a replay (mitmproxy's {@code is_replay}).
 *
 * <pre>{@code boolean replayed = flow.replay() == ReplayKind.RESPONSE; }</pre>
 */
public enum ReplayKind {
  /** The request was sent again by client-side replay. */
  REQUEST,
  /** The response was served from a recording by server-side replay. */
  RESPONSE
}
