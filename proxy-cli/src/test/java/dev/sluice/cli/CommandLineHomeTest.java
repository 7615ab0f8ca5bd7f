package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line keeps its CA in {@code $HOME/.sluice}, as a shell user and a container image expect. */
class CommandLineHomeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path home;

  private final LineCollector out = new LineCollector();

  @Test
  void theCommandLineStartedWithHomeSetKeepsItsCaThere() throws Exception {
    ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "-p", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    command.environment().put("HOME", home.toString());
    Process sluice = command.start();
    try {
      CompletableFuture.runAsync(() -> copy(sluice.getInputStream()));

      assertThat(out.await(l -> l.startsWith("CA certificate: "), TIMEOUT)).isEqualTo("CA certificate: " + caIn(".sluice"));
      assertThat(caIn(".sluice")).exists();
    } finally {
      sluice.destroy();
      assertThat(sluice.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aConfdirStartingWithTildeIsInTheHomeOfTheEnvironment() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(
        new String[] {"-p", "0", "--set", "confdir=~/elsewhere"}, out.stream, new LineCollector().stream, stop,
        Map.of("HOME", home.toString())));

    assertThat(out.await(l -> l.startsWith("CA certificate: "), TIMEOUT)).isEqualTo("CA certificate: " + caIn("elsewhere"));
    assertThat(caIn("elsewhere")).exists();
    stop.countDown();
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  private Path caIn(String confdir) {
    return home.resolve(confdir).resolve("sluice-ca-cert.pem");
  }

  private void copy(InputStream in) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
