package dev.sluice.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code curl} command line, when this machine has it.
 *
 * <pre>{@code
 * assumeTrue(Curl.isInstalled());
 * Curl.Result result = Curl.run("-x", "http://127.0.0.1:" + port, "http://127.0.0.1:" + origin + "/");
 * }</pre>
 */
public final class Curl {

  /**
   * What curl printed.
   *
   * @param exitCode the exit code
   * @param stdout what it wrote to standard output
   */
  public record Result(int exitCode, String stdout) {}

  private Curl() {}

  /** Whether {@code curl --version} runs. */
  public static boolean isInstalled() {
    try {
      return run("--version").exitCode() == 0;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Runs curl with {@code args}; standard error is discarded. */
  public static Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("curl");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("curl did not finish within 20 s");
      }
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
