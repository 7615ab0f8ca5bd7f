package dev.sluice.core.internal;

import io.netty.channel.unix.Errors;
import java.util.Optional;

/**
 * A failure to open a socket because file descriptors ran out: the process's own limit
 * ({@code EMFILE}) or the system's table ({@code ENFILE}). Told apart from the cause of a failed
 * accept or connect, however deeply Netty wrapped it, by the native error number or by the JDK's
 * message.
 */
enum DescriptorShortage {
  /** {@code EMFILE}: this process has as many files open as its limit allows. */
  PROCESS,
  /** {@code ENFILE}: the whole system's table of open files is full. */
  SYSTEM;

  private static final int EMFILE = 24;
  private static final int ENFILE = 23;
  private static final String EMFILE_TEXT = "Too many open files";
  private static final String ENFILE_TEXT = "Too many open files in system";
  private static final int MAX_DEPTH = 16;

  /** The shortage that caused {@code failure} (or one of its causes), if any. */
  static Optional<DescriptorShortage> of(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
      if (cause instanceof Errors.NativeIoException nativeFailure) {
        int errno = Math.abs(nativeFailure.expectedErr());
        if (errno == EMFILE || errno == ENFILE) {
          return Optional.of(errno == EMFILE ? PROCESS : SYSTEM);
        }
      }
      String message = cause.getMessage();
      if (message != null && message.contains(EMFILE_TEXT)) {
        return Optional.of(message.contains(ENFILE_TEXT) ? SYSTEM : PROCESS);
      }
    }
    return Optional.empty();
  }

  /** What ran out, and how to make room, for a 502, a flow error or a log line. */
  String reason(OpenFiles openFiles) {
    return switch (this) {
      case PROCESS -> "the proxy ran out of file descriptors (" + openFiles
          + "); raise it with ulimit -n or lower maxConnections";
      case SYSTEM -> "the system ran out of file descriptors (its table is full: " + ENFILE_TEXT
          + "); raise fs.file-max or lower maxConnections";
    };
  }
}
