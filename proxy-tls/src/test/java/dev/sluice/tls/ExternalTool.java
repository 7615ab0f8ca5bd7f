package dev.sluice.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool (curl, openssl) when it is installed; a test is skipped otherwise. */
final class ExternalTool {

  /** What the tool printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {}

  private ExternalTool() {}

  /** Skips the calling test unless {@code tool} is on the PATH. */
  static void assumeInstalled(String tool) {
    boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .stream().anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    assumeTrue(found, tool + " is not installed");
  }

  static Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
