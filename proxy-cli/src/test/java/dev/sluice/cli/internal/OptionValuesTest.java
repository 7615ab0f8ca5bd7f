package dev.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowHook;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.Anticomp;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
import dev.sluice.core.hooks.StreamLargeBodies;
import dev.sluice.core.hooks.TlsPassThrough;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.testing.RawClient;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's option values: checked as they are set, handed to the builder in the registry's order. */
class OptionValuesTest {

  private static final Path HOME = Path.of("/srv/somebody");

  private final OptionValues options = new OptionValues(CliOptions.REGISTRY);

  @Test
  void everyHookOptionAddsItsHookInTheRegistrysOrderWhateverTheOrderGiven() {
    options.set("modify_body=/a/b");
    options.set("anticache=true");
    options.set("anticomp", "yes");
    options.set("stream_large_bodies", "1m");
    options.set("stickycookie", "~d example.com");
    options.set("stickyauth", ".");
    options.set("modify_headers", "/X-A/1");
    options.set("proxyauth", "ada:pw");

    assertThat(startedHooks()).map(FlowHook::getClass).containsExactly(ProxyAuth.class, Anticache.class, Anticomp.class, StreamLargeBodies.class, StickyAuth.class, StickyCookies.class,
        ModifyHeaders.class, ModifyBody.class);
  }

  private List<FlowHook> startedHooks() {
    options.set("listen_port", "0");
    try (ProxyServer server = options.applyTo(ProxyServer.builder()).start()) {
      return server.hooks();
    }
  }

  @Test
  void theCommandLineListensOn8080UnlessTold() {
    assertThat(options.get(EngineOptions.LISTEN_PORT)).isEqualTo(8080);
    assertThat(options.applyTo(ProxyServer.builder()).get(EngineOptions.LISTEN_PORT)).isEqualTo(8080);
  }

  @Test
  void streamLargeBodiesTakesASizeWithUnits() {
    options.set("upstream_cert", "false");
    options.set("stream_large_bodies", "3k");

    assertThat(startedHooks()).singleElement().isInstanceOfSatisfying(StreamLargeBodies.class,
        hook -> assertThat(hook.cutoff()).isEqualTo(3 * 1024));
  }

  @Test
  void streamWebSocketsIsOffUntilSet() {
    assertThat(options.get(EngineOptions.STREAM_WEBSOCKETS)).isFalse();
    options.set("stream_websockets=true");
    assertThat(options.get(EngineOptions.STREAM_WEBSOCKETS)).isTrue();
    assertThatThrownBy(() -> options.set("stream_websockets", "sometimes"))
        .hasMessageStartingWith("stream_websockets: not a boolean");
  }

  @Test
  void upstreamAuthIsCheckedWhenSetAndNeverRepeatedInTheError() {
    options.set("upstream_auth", "me:secret");

    assertThatThrownBy(() -> options.set("upstream_auth", "secret-without-user"))
        .hasMessageStartingWith("upstream_auth: ")
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("secret-without-user");
  }

  @Test
  void tlsEngineTakesAutoJdkOrOpenssl() {
    options.set("tls_engine", "JDK");
    options.set("tls_engine", "openssl");
    options.set("tls_engine", "auto");

    assertThatThrownBy(() -> options.set("tls_engine", "gnutls"))
        .hasMessage("tls_engine: expected auto/jdk/openssl, got \"gnutls\"");
  }

  @Test
  void tlsOptionsReachTheBuilder() {
    options.set("upstream_cert", "false");
    options.set("ignore_hosts", "example\\.com:443");

    assertThat(startedHooks()).map(FlowHook::getClass).containsExactly(TlsPassThrough.class);
  }

  @Test
  void connectionStrategyIsEagerByDefaultAndLazyWithServerReplay() {
    CliOptions.serverReplayImpliesLazyConnections(options);
    assertThat(options.get(EngineOptions.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.EAGER);

    options.set("server_replay", "flows.mitm");
    CliOptions.serverReplayImpliesLazyConnections(options);

    assertThat(options.get(EngineOptions.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.LAZY);
  }

  @Test
  void explicitConnectionStrategyWinsOverServerReplay() {
    options.set("connection_strategy", "eager");
    options.set("server_replay", "flows.mitm");

    CliOptions.serverReplayImpliesLazyConnections(options);

    assertThat(options.get(EngineOptions.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.EAGER);
  }

  @Test
  void unknownConnectionStrategyIsRejectedByName() {
    assertThatThrownBy(() -> options.set("connection_strategy", "sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection_strategy: expected eager/lazy, got \"sometimes\"");
  }

  @Test
  void confdirIsDotSluiceInTheHomeDirectory() {
    assertThat(CliOptions.confdir(options, HOME)).isEqualTo(Path.of("/srv/somebody/.sluice"));
  }

  @Test
  void confdirExpandsALeadingTildeToTheHomeDirectory() {
    options.set("confdir", "~/elsewhere");
    assertThat(CliOptions.confdir(options, HOME)).isEqualTo(Path.of("/srv/somebody/elsewhere"));

    options.set("confdir", "~");
    assertThat(CliOptions.confdir(options, HOME)).isEqualTo(HOME);

    options.set("confdir", "~other/ca");
    assertThat(CliOptions.confdir(options, HOME)).isEqualTo(Path.of("~other/ca"));
  }

  @Test
  void olderNamesFeedTheSameHooks() {
    options.set("upstream_cert", "false");
    options.set("replacements", "/a/b");
    options.set("setheaders", "/X-A/1");

    assertThat(startedHooks()).map(FlowHook::name).containsExactly("modify_headers", "modify_body");
  }

  @Test
  void noHookOptionMeansNoHook() {
    options.set("upstream_cert", "off");
    options.set("anticache", "false");
    assertThat(startedHooks()).isEmpty();
  }

  @Test
  void badValuesFailBeforeTheProxyStartsAndNameTheOption() {
    assertThatThrownBy(() -> options.set("listen_port", "99999")).hasMessageStartingWith("listen_port: not a port");
    assertThatThrownBy(() -> options.set("anticache", "maybe")).hasMessageStartingWith("anticache: not a boolean");
    assertThatThrownBy(() -> options.set("showhost", "maybe")).hasMessageStartingWith("showhost: not a boolean");
    assertThatThrownBy(() -> options.set("modify_body", "/only")).hasMessageStartingWith("modify_body: spec \"/only\"");
    assertThatThrownBy(() -> options.set("modify_body", "/(/x")).hasMessageStartingWith("modify_body: spec \"/(/x\": invalid regex");
    assertThatThrownBy(() -> options.set("stickycookie", "~nosuch")).hasMessageStartingWith("stickycookie:");
    assertThatThrownBy(() -> options.set("proxyauth", "nocolon")).hasMessageStartingWith("proxyauth:");
    assertThatThrownBy(() -> options.set("body_size_limit", "lots")).hasMessageStartingWith("body_size_limit: not a size");
    assertThatThrownBy(() -> options.set("stream_large_bodies", "1x")).hasMessageStartingWith("stream_large_bodies: not a size");
    assertThatThrownBy(() -> options.set("ignore_hosts", "(")).hasMessageStartingWith("ignore_hosts: regex \"(\"");
  }

  @Test
  void clientReplayConcurrencyIsOneByDefaultAndTakesANumberOrMinusOneForUnlimited() {
    assertThat(options.get(ClientReplay.CLIENT_REPLAY_CONCURRENCY)).isEqualTo(1);
    options.set("client_replay_concurrency", "8");
    assertThat(options.get(ClientReplay.CLIENT_REPLAY_CONCURRENCY)).isEqualTo(8);
    options.set("client_replay_concurrency", "-1");
    assertThat(options.get(ClientReplay.CLIENT_REPLAY_CONCURRENCY)).isEqualTo(ClientReplay.UNLIMITED);
    assertThatThrownBy(() -> options.set("client_replay_concurrency", "0"))
        .hasMessageStartingWith("client_replay_concurrency: expected at least 1");
    assertThatThrownBy(() -> options.set("client_replay_concurrency", "many"))
        .hasMessageStartingWith("client_replay_concurrency: not an integer");
  }

  @Test
  void maxConnectionsLimitsTheClientConnectionsOfTheProxy() {
    options.set("max_connections", "1");
    options.set("listen_port", "0");
    try (ProxyServer server = options.applyTo(ProxyServer.builder()).start();
        RawClient first = RawClient.connect(server.address());
        RawClient second = RawClient.connect(server.address())) {
      assertThat(second.readUntilClosed()).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
          .contains("limit of 1 concurrent connections");
    }
    assertThatThrownBy(() -> options.set("max_connections", "0"))
        .hasMessage("max_connections: must be at least 1, got 0");
    assertThatThrownBy(() -> options.set("max_connections", "lots"))
        .hasMessage("max_connections: not an integer: \"lots\"");
  }

  @Test
  void sequenceOptionsKeepEveryValueInOrder() {
    options.set("client_replay", "first.mitm");
    options.set("client_replay", "second.mitm");

    assertThat(options.get(ClientReplay.CLIENT_REPLAY)).containsExactly(Path.of("first.mitm"), Path.of("second.mitm"));
    assertThat(options.get(ClientReplay.KEEPSERVING)).isFalse();
    options.set("keepserving", "true");
    assertThat(options.get(ClientReplay.KEEPSERVING)).isTrue();
  }

  @Test
  void anUnknownNameGetsTheNearestKnownOne() {
    assertThatThrownBy(() -> options.set("server_replay_nopopp", "1"))
        .hasMessage("unknown option \"server_replay_nopopp\"; did you mean \"server_replay_nopop\"?");
    assertThatThrownBy(() -> options.set("no_such", "1")).hasMessage("unknown option \"no_such\"");
    assertThatThrownBy(() -> options.set("novalue")).hasMessageContaining("expected name=value");
  }

  @Test
  void serverReplayOptionsConfigureTheReplayHookWhichRunsAfterTheOthers(@TempDir Path dir) throws Exception {
    Path session = dir.resolve("session.mitm");
    Files.createFile(session);
    options.set("server_replay", session.toString());
    options.set("server_replay_ignore_params", "ts");
    options.set("server_replay_ignore_params", "nonce");
    options.set("server_replay_use_headers", "Accept");
    options.set("server_replay_ignore_payload_params", "csrf");
    options.set("server_replay_ignore_content", "true");
    options.set("server_replay_ignore_host", "true");
    options.set("server_replay_ignore_port", "on");
    options.set("server_replay_nopop", "true");
    options.set("server_replay_extra", "404");
    options.set("server_replay_refresh", "false");
    options.set("anticache", "true");
    options.set("upstream_cert", "false");

    List<FlowHook> hooks = startedHooks();

    assertThat(hooks).map(FlowHook::getClass).containsExactly(Anticache.class, ServerReplay.class);
    ServerReplayOptions replay = ((ServerReplay) hooks.get(1)).options();
    assertThat(replay.ignoreParams()).containsExactlyInAnyOrder("ts", "nonce");
    assertThat(replay.useHeaders()).containsExactly("Accept");
    assertThat(replay.ignorePayloadParams()).containsExactly("csrf");
    assertThat(List.of(replay.ignoreContent(), replay.ignoreHost(), replay.ignorePort(), replay.reuse(), replay.refresh()))
        .containsExactly(true, true, true, true, false);
    assertThat(replay.extra()).isEqualTo("404");
  }

  @Test
  void anUnreadableReplayFileFailsBeforeTheProxyListensAndNamesTheFile() {
    options.set("server_replay", "no-such-session.mitm");

    assertThatThrownBy(() -> options.applyTo(ProxyServer.builder()).start()).hasMessageStartingWith("server_replay: ")
        .hasMessageContaining("no-such-session.mitm");
    assertThatThrownBy(() -> options.set("server_replay_extra", "999")).hasMessageStartingWith("server_replay_extra:");
  }
}
