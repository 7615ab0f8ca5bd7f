package dev.sluice.cli.internal;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.options.Option;
import dev.sluice.core.options.OptionRegistry;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.FlowRecorder;
import dev.sluice.replay.ServerReplay;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line's options: those of {@code proxy-core} and {@code proxy-replay}, and its own,
 * in the order their hooks are added. The proxy listens on port 8080 here, as mitmdump does.
 */
public final class CliOptions {

  /** mitmproxy's {@code confdir}: where the CA files are kept; read by the command line only. */
  public static final Option<String> CONFDIR = Option.string("confdir")
      .defaultValue("~/.sluice")
      .help("The directory of the CA files (created on first start; ~ is your home directory).")
      .check(dir -> {
        if (dir.isBlank()) {
          throw new IllegalArgumentException("must not be blank");
        }
      })
      .build();

  /** Every option the command line knows. */
  public static final OptionRegistry REGISTRY = OptionRegistry.core()
      .with(FlowRecorder.OPTIONS)
      .with(ServerReplay.OPTIONS)
      .with(ClientReplay.OPTIONS)
      .with(List.of(CONFDIR))
      .withDefault(EngineOptions.LISTEN_PORT, 8080);

  private CliOptions() {}

  /**
   * Makes {@code connection_strategy} lazy when {@code server_replay} names files and the strategy
   * was not set, so HTTPS replay works with the servers down.
   */
  public static void serverReplayImpliesLazyConnections(OptionValues values) {
    if (!values.isSet(EngineOptions.CONNECTION_STRATEGY) && !values.get(ServerReplay.SERVER_REPLAY).isEmpty()) {
      values.set(EngineOptions.CONNECTION_STRATEGY, ConnectionStrategy.LAZY);
    }
  }

  /** The CA directory {@code values} name, {@code ~} expanded. */
  public static Path confdir(OptionValues values) {
    String dir = values.get(CONFDIR);
    return Path.of(dir.startsWith("~") ? System.getProperty("user.home") + dir.substring(1) : dir);
  }
}
