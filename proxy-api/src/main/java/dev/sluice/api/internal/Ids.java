package dev.sluice.api.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for flows and connections: random version-4 UUIDs from {@link ThreadLocalRandom}. They need
 * to be unique, not unguessable, and {@link UUID#randomUUID()} (SecureRandom, shared) costs more
 * than building the rest of a flow.
 */
public final class Ids {

  private Ids() {}

  /** A new random id in UUID form. */
  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }
}
