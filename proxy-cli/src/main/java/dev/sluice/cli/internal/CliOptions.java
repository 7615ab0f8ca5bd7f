package dev.sluice.cli.internal;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.options.Option;
import dev.sluice.core.options.OptionRegistry;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.FlowRecorder;
import dev.sluice.replay.ServerReplay;
import dev.sluice.web.WebView;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line's options: those of {@code proxy-core}, {@code proxy-replay} and {@code proxy-web}, and its own,
 * in the order their hooks are added. The proxy listens on port 8080 here, as mitmdump does.
 *
 * <pre>{@code
 * Option<?> option = CliOptions.REGISTRY.get("showhost");
 * }</pre>
 */
public final class CliOptions {

  /** mitmproxy's {@code confdir}: where the CA files are kept; read by the command line only. */
  public static final Option<String> CONFDIR = Option.string("confdir")
      .defaultValue("~/.sluice")
      .help("The directory of the CA files (created on first start; a leading ~ is $HOME).")
      .check(dir -> {
        if (dir.isBlank()) {
          throw new IllegalArgumentException("must not be blank");
        }
      })
      .build();

  /** mitmproxy's {@code showhost}: whether flow lines build the URL from the {@code Host} header. */
  public static final Option<Boolean> SHOWHOST = Option.bool("showhost")
      .help("Show the URL built from the Host header in flow lines instead of the one the request went to.")
      .build();

  /** Every option the command line knows. */
  public static final OptionRegistry REGISTRY = OptionRegistry.core()
      .with(FlowRecorder.OPTIONS)
      .with(ServerReplay.OPTIONS)
      .with(ClientReplay.OPTIONS)
      .with(WebView.OPTIONS)
      .with(List.of(CONFDIR, SHOWHOST))
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

  /** The CA directory {@code values} name, a leading {@code ~} or {@code ~/} standing for {@code home}. */
  public static Path confdir(OptionValues values, Path home) {
    String dir = values.get(CONFDIR);
    if (dir.equals("~")) {
      return home;
    }
    return dir.startsWith("~/") ? home.resolve(dir.substring(2)) : Path.of(dir);
  }
}
