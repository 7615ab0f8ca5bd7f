package dev.sluice.cli.internal;

import dev.sluice.api.FlowFilter;
import dev.sluice.replay.FlowRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * mitmdump's {@code save_stream_file}: a file name, replaced when written, or appended to when it
 * starts with {@code +}.
 *
 * <pre>{@code
 * try (FlowRecorder recorder = SaveStreamFile.open("+session.mitm", null)) { ... }
 * }</pre>
 */
public final class SaveStreamFile {

  private SaveStreamFile() {}

  /** The file {@code option} names, without the {@code +} append prefix. */
  public static Path path(String option) {
    return Path.of(option.startsWith("+") ? option.substring(1) : option);
  }

  /**
   * The recorder of the flows {@code filter} matches ({@code null}: all) to the file {@code option}
   * names, the file emptied first unless the name starts with {@code +}; {@code null} when
   * {@code option} is.
   */
  public static FlowRecorder open(String option, FlowFilter filter) throws IOException {
    if (option == null) {
      return null;
    }
    Path file = path(option);
    if (!option.startsWith("+")) {
      Files.deleteIfExists(file);
    }
    return FlowRecorder.to(file, filter == null ? FlowFilter.all() : filter);
  }
}
