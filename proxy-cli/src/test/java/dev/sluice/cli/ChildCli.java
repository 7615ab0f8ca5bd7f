package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line in a child JVM of its own (for limits a test cannot set on its own JVM: open
 * files, heap), with what it prints read as it comes: standard output into {@link #out}, the log
 * (standard error) line by line.
 *
 * <pre>{@code
 * try (ChildCli cli = ChildCli.start(List.of("-Xmx64m"), "-q", "-p", "0")) {
 *   InetSocketAddress proxy = cli.awaitListening(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
final class ChildCli implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening at http://127\\.0\\.0\\.1:(\\d+)");

  final LineCollector out = new LineCollector();
  final List<String> log = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> logEnded = new CompletableFuture<>();
  private final Process process;

  private ChildCli(Process process, Consumer<String> onLogLine) {
    this.process = process;
    daemon(() -> process.getInputStream().transferTo(out));
    daemon(() -> readLog(onLogLine));
  }

  /**
   * Starts {@code cliArguments} under {@code jvmFlags}, the whole command behind {@code prefix} (a
   * shell that sets a limit first, say: empty for none); {@code onLogLine} sees each log line.
   */
  static ChildCli start(List<String> prefix, List<String> jvmFlags, Consumer<String> onLogLine, String... cliArguments)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(cliArguments));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    return new ChildCli(process, onLogLine);
  }

  /** The address the child listens at, once it says so. */
  InetSocketAddress awaitListening(Duration timeout) throws InterruptedException {
    Matcher listening = LISTENING.matcher(out.await(line -> LISTENING.matcher(line).find(), timeout));
    assertThat(listening.find()).isTrue();
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(listening.group(1)));
  }

  /** Stops the child (SIGTERM); its log ends soon after. */
  void stop() {
    process.destroy();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  private Void readLog(Consumer<String> onLogLine) throws IOException {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        log.add(line);
        onLogLine.accept(line);
      }
    }
    logEnded.complete(null);
    return null;
  }

  private static void daemon(Callable<?> body) {
    Thread thread = new Thread(() -> {
      try {
        body.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    thread.setDaemon(true);
    thread.start();
  }
}
