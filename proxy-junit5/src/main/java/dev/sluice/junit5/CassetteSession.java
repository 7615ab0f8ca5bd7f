package dev.sluice.junit5;

import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.core.ProxyServer;
import dev.sluice.junit5.internal.CassetteFile;
import dev.sluice.junit5.internal.CassetteReplay;
import dev.sluice.junit5.internal.MissReport;
import dev.sluice.junit5.internal.Redaction;
import dev.sluice.junit5.internal.UnusedReport;
import dev.sluice.replay.FlowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One test's cassette: replaying from it (a hook on the proxy) or recording into it. */
final class CassetteSession implements AutoCloseable {

  private static final String DEFAULT_DIRECTORY = "src/test/resources/sluice";

  private final Path file;
  private final List<String> redactHeaders;
  private final ProxyServer server;
  private final CassetteReplay replay;
  private final UnusedRule unusedRule;
  private boolean missesReported;

  /** Whether recorded interactions may go unused, and whether the parameter or the annotation said so. */
  private record UnusedRule(boolean allow, boolean fromParameter) {
    static UnusedRule of(ExtensionContext context, Cassette cassette) {
      Optional<Boolean> parameter = context.getConfigurationParameter(Cassette.ALLOW_UNUSED)
          .map(CassetteSession::allowUnused);
      return new UnusedRule(parameter.orElse(cassette.allowUnused()), parameter.isPresent());
    }

    String setting(boolean value) {
      return fromParameter ? Cassette.ALLOW_UNUSED + "=" + value : "@Cassette(allowUnused = " + value + ")";
    }
  }

  private CassetteSession(Path file, List<String> redactHeaders, ProxyServer server, CassetteReplay replay,
      UnusedRule unusedRule) {
    this.file = file;
    this.redactHeaders = redactHeaders;
    this.server = server;
    this.replay = replay;
    this.unusedRule = unusedRule;
  }

  /**
   * Replays {@code cassette}'s file through {@code server} when it exists (and the mode allows),
   * or prepares to record it. The configuration parameters {@value RecordMode#PROPERTY} and
   * {@value Cassette#ALLOW_UNUSED} override the annotation's {@code mode} and {@code allowUnused}.
   *
   * @throws AssertionError naming the file when the mode is {@link RecordMode#NONE} and it does not exist
   * @throws ExtensionConfigurationException naming the parameter and its value when either is invalid
   */
  static CassetteSession open(ExtensionContext context, Cassette cassette, ProxyServer server) {
    Path file = path(context, cassette);
    RecordMode mode = context.getConfigurationParameter(RecordMode.PROPERTY).map(CassetteSession::mode)
        .orElse(cassette.mode());
    UnusedRule unusedRule = UnusedRule.of(context, cassette);
    boolean exists = Files.isRegularFile(file);
    if (mode == RecordMode.NONE && !exists) {
      throw new AssertionError("Sluice cassette " + file + " does not exist, and the record mode is none"
          + " (nothing is sent to the network): record it with -D" + RecordMode.PROPERTY + "=missing");
    }
    List<String> redact = List.of(cassette.redactHeaders());
    if (!exists || mode == RecordMode.ALL) {
      return new CassetteSession(file, redact, server, null, unusedRule);
    }
    try {
      CassetteReplay replay = new CassetteReplay(file, FlowReader.readAll(file));
      server.addHook(replay);
      return new CassetteSession(file, redact, server, replay, unusedRule);
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

  /**
   * The failure message for the recorded requests the test never used, when it replayed the
   * cassette and unused ones are not allowed; empty otherwise.
   */
  Optional<String> unusedReport() {
    if (replay == null || unusedRule.allow()) {
      return Optional.empty();
    }
    List<Request> unused = replay.unused();
    return unused.isEmpty() ? Optional.empty()
        : Optional.of(UnusedReport.of(file, unused, unusedRule.setting(false), unusedRule.setting(true)));
  }

  /** Writes {@code flows} as the cassette if this session records; does nothing when it replays. */
  void save(List<Flow> flows) throws IOException {
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

  private static boolean allowUnused(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ExtensionConfigurationException(
          Cassette.ALLOW_UNUSED + ": expected true or false, got \"" + value + "\"");
    };
  }

  private static Path path(ExtensionContext context, Cassette cassette) {
    if (!cassette.value().isBlank()) {
      return Path.of(cassette.value());
    }
    return TestFiles.of(context, context.getConfigurationParameter(Cassette.DIRECTORY).orElse(DEFAULT_DIRECTORY), ".mitm");
  }
}
