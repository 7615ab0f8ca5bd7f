package dev.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ProxyMode;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.BlockList;
import dev.sluice.core.hooks.MapLocal;
import dev.sluice.core.hooks.MapRemote;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ModifySpec;
import dev.sluice.core.hooks.TlsPassThrough;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.FlowRecorder;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Each dedicated flag is one option of the registry under another spelling. */
class CommandFlagsTest {

  private final CommandSpec command = CommandSpec.create();
  private final CommandFlags flags = CommandFlags.addTo(CliOptions.REGISTRY, command);
  private final OptionValues values = new OptionValues(CliOptions.REGISTRY);

  private void parse(String... args) {
    flags.readInto(new CommandLine(command).parseArgs(args), values);
  }

  @Test
  void everyFlagSetsItsOptionThroughTheOptionsOwnParser() {
    parse("-p", "9090", "--listen-host", "::1", "-m", "upstream:http://127.0.0.1:3128", "-k", "--anticache",
        "--ignore-hosts", "a\\.example", "--ignore-hosts", "b\\.example", "-w", "+out.mitm", "-S", "one.mitm",
        "-C", "two.mitm", "--keepserving", "--kill");

    assertThat(values.get(EngineOptions.LISTEN_PORT)).isEqualTo(9090);
    assertThat(values.get(EngineOptions.LISTEN_HOST)).isEqualTo("::1");
    assertThat(values.get(EngineOptions.MODE)).isEqualTo(ProxyMode.parse("upstream:http://127.0.0.1:3128"));
    assertThat(values.get(EngineOptions.SSL_INSECURE)).isTrue();
    assertThat(values.get(Anticache.ANTICACHE)).isTrue();
    assertThat(values.get(TlsPassThrough.IGNORE_HOSTS)).containsExactly("a\\.example", "b\\.example");
    assertThat(values.get(FlowRecorder.SAVE_STREAM_FILE)).isEqualTo("+out.mitm");
    assertThat(values.get(ServerReplay.SERVER_REPLAY)).containsExactly(Path.of("one.mitm"));
    assertThat(values.get(ClientReplay.CLIENT_REPLAY)).containsExactly(Path.of("two.mitm"));
    assertThat(values.get(ClientReplay.KEEPSERVING)).isTrue();
    assertThat(values.get(ServerReplayOptions.SERVER_REPLAY_KILL_EXTRA)).isTrue();
  }

  @Test
  void olderNamesAreFlagsOfTheSameOptionAndKeepTheOrderGiven() {
    parse("--replacements", "/a/1", "-B", "/b/2", "--modify-body", "/c/3", "--setheaders", "/X-A/1", "-H", "/X-B/2");

    assertThat(values.get(ModifyBody.MODIFY_BODY)).extracting(ModifySpec::toString).containsExactly("/a/1", "/b/2", "/c/3");
    assertThat(values.get(ModifyHeaders.MODIFY_HEADERS)).extracting(ModifySpec::toString).containsExactly("/X-A/1", "/X-B/2");
  }

  @Test
  void theSpecFlagsOfMapsBlocksAndHostsTakeMitmproxysNamesAndRepeat() {
    parse("-M", "|a|b", "--map-remote", "|c|d", "--map-local", "|e|/", "--block-list", "/~u ads/404",
        "--hosts", "api.example.test=127.0.0.1", "--hosts", "db.example.test=::1");

    assertThat(values.get(MapRemote.MAP_REMOTE)).containsExactly("|a|b", "|c|d");
    assertThat(values.get(MapLocal.MAP_LOCAL)).containsExactly("|e|/");
    assertThat(values.get(BlockList.BLOCK_LIST)).containsExactly("/~u ads/404");
    assertThat(values.get(EngineOptions.HOSTS)).containsExactly("api.example.test=127.0.0.1", "db.example.test=::1");
    assertThat(command.findOption("--map-remote").names()).contains("-M");
  }

  @Test
  void aFlagsHelpIsItsOptionsHelp() {
    OptionSpec anticache = command.findOption("--anticache");
    OptionSpec modifyBody = command.findOption("-B");

    assertThat(anticache.description()).containsExactly(Anticache.ANTICACHE.help());
    assertThat(anticache.arity().max()).isZero();
    assertThat(modifyBody.names()).contains("--modify-body", "--replacements");
    assertThat(modifyBody.description()).containsExactly(ModifyBody.MODIFY_BODY.help() + " Repeatable.");
    assertThat(command.findOption("--kill").description()[0]).startsWith(ServerReplayOptions.SERVER_REPLAY_KILL_EXTRA.help());
  }

  @Test
  void flagsNotGivenLeaveTheirOptionsAtTheDefault() {
    parse();

    assertThat(values.get(EngineOptions.LISTEN_PORT)).isEqualTo(8080);
    assertThat(values.isSet(EngineOptions.LISTEN_PORT)).isFalse();
    assertThat(values.get(ModifyBody.MODIFY_BODY)).isEqualTo(List.of());
  }
}
