package dev.sluice.replay.internal.tnetstring;

import java.io.IOException;

/**
 * Data that is not a valid tnetstring, with the byte offset where the problem is.
 *
 * <pre>{@code
 * catch (TNetStringException e) { log.warn("bad data at byte {}", e.position()); }
 * }</pre>
 */
public final class TNetStringException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long position;

  /** A problem at {@code position} bytes from the start of the stream. */
  public TNetStringException(String message, long position) {
    super("not a tnetstring: " + message + " (at byte " + position + ")");
    this.position = position;
  }

  /** The byte offset of the problem. */
  public long position() {
    return position;
  }
}
