package dev.sluice.api;

/**
 * Where a response came from.
 *
 * <pre>{@code if (flow.response().source() == ResponseSource.REPLAY) { ... } }</pre>
 */
public enum ResponseSource {
  /** Read from the upstream server. */
  UPSTREAM,
  /** Made by a hook with {@link HttpFlow#respond(HttpResponse)}; the upstream was never contacted. */
  HOOK,
  /** Served from a recording by server-side replay; the upstream was never contacted. */
  REPLAY
}
