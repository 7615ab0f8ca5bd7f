package dev.sluice.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a flow failed: a {@link Kind} to branch on and a message for people.
 *
 * <pre>{@code
 * FlowHook.onError(flow -> {
 *   if (flow.error().kind() == FlowError.Kind.TIMEOUT) { ... }
 * });
 * }</pre>
 *
 * @param kind what went wrong
 * @param message what went wrong, for a person, naming the host, the hook or the limit
 * @param timestamp when it happened
 */
public record FlowError(Kind kind, String message, Instant timestamp) {

  /** The causes a flow can fail with. */
  public enum Kind {
    /** The upstream could not be reached (unknown host, refused, unreachable). */
    CONNECT_FAILED,
    /** A TLS handshake failed, on either side. */
    TLS_FAILED,
    /** The upstream did not answer in time, or a connection stayed idle too long. */
    TIMEOUT,
    /** The upstream closed or reset the connection before the response was complete. */
    UPSTREAM_RESET,
    /** A header section or body was over a configured limit. */
    LIMIT_EXCEEDED,
    /** A hook threw. */
    HOOK_FAILED,
    /** The client went away before the flow was complete. */
    CLIENT_ABORTED,
    /** A peer broke the HTTP protocol (malformed message, request smuggling attempt). */
    PROTOCOL_ERROR,
    /** A hook killed the flow with {@link HttpFlow#kill()}. */
    KILLED
  }

  /** Validates the parts. */
  public FlowError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** An error that happens now. */
  public static FlowError of(Kind kind, String message) {
    return new FlowError(kind, message, Instant.now());
  }
}
