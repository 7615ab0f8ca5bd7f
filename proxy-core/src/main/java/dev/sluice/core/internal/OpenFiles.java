package dev.sluice.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many files this process may have open at once ({@code RLIMIT_NOFILE}, what {@code ulimit -n}
 * sets), and how many client connections that leaves room for.
 *
 * @param limit the most open files, or -1 when the JVM cannot tell
 */
public record OpenFiles(long limit) {

  /** The limit of a JVM that cannot tell it (not on Unix, or without {@code com.sun.management}). */
  public static final OpenFiles UNKNOWN = new OpenFiles(-1);

  /** Client connections allowed when the limit is unknown. */
  static final int UNKNOWN_LIMIT_CONNECTIONS = 2_000;

  /** Descriptors kept for everything but connections: at least this many, or a tenth of the limit. */
  private static final int MIN_RESERVE = 64;

  /** This process's limit, as the operating system reports it now. */
  public static OpenFiles ofThisProcess() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return new OpenFiles(unix.getMaxFileDescriptorCount());
    }
    return UNKNOWN;
  }

  /**
   * The default {@code maxConnections}: each proxied connection takes two descriptors (the client's
   * and the upstream's), after a reserve for the JVM's own files (jars, native libraries, event
   * loops, the listening socket, the CA and log files) of a tenth of the limit, at least 64. At
   * least 1; {@value #UNKNOWN_LIMIT_CONNECTIONS} when the limit is unknown.
   */
  public int defaultMaxConnections() {
    if (limit < 0) {
      return UNKNOWN_LIMIT_CONNECTIONS;
    }
    long reserve = Math.max(MIN_RESERVE, limit / 10);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (limit - reserve) / 2));
  }

  /** {@code limit 20000 open files}, or {@code limit unknown}. */
  @Override
  public String toString() {
    return limit < 0 ? "limit unknown" : "limit " + limit + " open files";
  }
}
