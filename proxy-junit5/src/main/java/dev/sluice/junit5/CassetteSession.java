package dev.sluice.junit5;

import dev.sluice.api.HttpFlow;
import dev.sluice.core.ProxyServer;
import dev.sluice.junit5.internal.CassetteFile;
import dev.sluice.junit5.internal.CassetteReplay;
import dev.sluice.junit5.internal.MissReport;
import dev.sluice.junit5.internal.Redaction;
import dev.sluice.replay.FlowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One test's cassette: replaying from it (a hook on the proxy) or recording into it. */
final class CassetteSession implements AutoCloseable {

  private static final String DEFAULT_DIRECTORY = "src/test/resources/sluice";
  private static final Pattern INVOCATION = Pattern.compile("invocation:#(\\d+)]$");

  private final Path file;
  private final List<String> redactHeaders;
  private final ProxyServer server;
  private final CassetteReplay replay;
  private boolean missesReported;

  private CassetteSession(Path file, List<String> redactHeaders, ProxyServer server, CassetteReplay replay) {
    this.file = file;
    this.redactHeaders = redactHeaders;
    this.server = server;
    this.replay = replay;
  }

  /**
   * Replays {@code cassette}'s file through {@code server} when it exists (and the mode allows),
   * or prepares to record it.
   *
   * @throws AssertionError naming the file when the mode is {@link RecordMode#NONE} and it does not exist
   */
  static CassetteSession open(ExtensionContext context, Cassette cassette, ProxyServer server) {
    Path file = path(context, cassette);
    RecordMode mode = context.getConfigurationParameter(RecordMode.PROPERTY).map(CassetteSession::mode)
        .orElse(cassette.mode());
    boolean exists = Files.isRegularFile(file);
    if (mode == RecordMode.NONE && !exists) {
      throw new AssertionError("Sluice cassette " + file + " does not exist, and the record mode is none"
          + " (nothing is sent to the network): record it with -D" + RecordMode.PROPERTY + "=missing");
    }
    List<String> redact = List.of(cassette.redactHeaders());
    if (!exists || mode == RecordMode.ALL) {
      return new CassetteSession(file, redact, server, null);
    }
    try {
      CassetteReplay replay = new CassetteReplay(file, FlowReader.readAll(file));
      server.addHook(replay);
      return new CassetteSession(file, redact, server, replay);
    } catch (IOException e) {
      throw new UncheckedIOException("Sluice cassette " + file + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /** The failure message for the requests the cassette did not answer, once; empty when there were none. */
  Optional<String> takeMissReport() {
    if (replay == null || missesReported || replay.misses().isEmpty()) {
      return Optional.empty();
    }
    missesReported = true;
    return Optional.of(MissReport.of(file, replay.misses(), replay.recorded()));
  }

  /** Writes {@code flows} as the cassette if this session records; does nothing when it replays. */
  void save(List<HttpFlow> flows) throws IOException {
    if (replay == null) {
      CassetteFile.write(file, flows.stream().map(flow -> Redaction.of(flow, redactHeaders)).toList());
    }
  }

  @Override
  public void close() {
    if (replay != null) {
      server.removeHook(replay);
    }
  }

  private static RecordMode mode(String value) {
    try {
      return RecordMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  private static Path path(ExtensionContext context, Cassette cassette) {
    if (!cassette.value().isBlank()) {
      return Path.of(cassette.value());
    }
    Class<?> testClass = context.getRequiredTestClass();
    String packageName = testClass.getPackageName();
    String className = testClass.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1)
        .replace('$', '.');
    Method method = context.getRequiredTestMethod();
    Matcher invocation = INVOCATION.matcher(context.getUniqueId());
    String name = method.getName() + (invocation.find() ? "-" + invocation.group(1) : "");
    String root = context.getConfigurationParameter(Cassette.DIRECTORY).orElse(DEFAULT_DIRECTORY);
    return Path.of(root, className, name + ".mitm");
  }
}
