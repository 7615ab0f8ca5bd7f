package dev.sluice.api;

import java.util.Objects;

/**
 * A TLS handshake that failed, with the client (it did not trust the proxy's certificate, say)
 * or with the server (its certificate did not verify).
 *
 * <pre>{@code
 * public void tlsFailed(TlsFailure failure) {
 *   log.warn("{} side: {} ({})", failure.side(), failure.reason(), failure.sni());
 * }
 * }</pre>
 *
 * @param client the client connection
 * @param side which handshake failed
 * @param sni the server name involved, or {@code null}
 * @param reason what went wrong, for a person
 */
public record TlsFailure(ClientConnection client, Side side, String sni, String reason) {

  /** Which of the two handshakes failed. */
  public enum Side {
    /** Between the client and the proxy. */
    CLIENT,
    /** Between the proxy and the upstream server. */
    SERVER
  }

  /** Validates the parts. */
  public TlsFailure {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(reason, "reason");
  }
}
