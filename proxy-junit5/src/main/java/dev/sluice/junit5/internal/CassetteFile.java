package dev.sluice.junit5.internal;

import dev.sluice.api.Flow;
import dev.sluice.replay.FlowWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes a cassette whole or not at all: to a temporary file beside it, then moved over it. */
public final class CassetteFile {

  private CassetteFile() {}

  /**
   * Writes {@code flows} as a mitmproxy dump to {@code file}, creating its directory; readers of
   * {@code file} see the old cassette or the new one, never a part.
   *
   * @throws IOException naming {@code file} when it cannot be written (the temporary file is removed)
   */
  public static void write(Path file, List<Flow> flows) throws IOException {
    Path temporary = null;
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
      try (FlowWriter writer = FlowWriter.of(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
        for (Flow flow : flows) {
          writer.write(flow);
        }
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
      throw new IOException(file + ": cannot write the cassette: " + e, e);
    }
  }
}
