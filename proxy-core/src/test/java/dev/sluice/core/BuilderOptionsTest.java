package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowHook;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.options.Option;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The builder's typed methods, {@code set(option, value)} and {@code option(name, text)}: one setting each. */
class BuilderOptionsTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private final ProxyServer.Builder builder = ProxyServer.builder().upstreamCert(false);

  @Test
  void aTypedMethodAndTheTextFormSetTheSameOption() {
    builder.anticache();
    assertThat(builder.get(Anticache.ANTICACHE)).isTrue();

    builder.option("anticache", "off").option("listen_port", "8081").port(8082);

    assertThat(builder.get(Anticache.ANTICACHE)).isFalse();
    assertThat(builder.get(EngineOptions.LISTEN_PORT)).isEqualTo(8082);
    assertThat(builder.get(EngineOptions.LISTEN_HOST)).isEqualTo("127.0.0.1");
  }

  @Test
  void theTextFormIsCheckedAsItIsSetAndAnUnknownNameGetsASuggestion() {
    assertThatThrownBy(() -> builder.option("anticahce", "true"))
        .hasMessage("unknown option \"anticahce\"; did you mean \"anticache\"?");
    assertThatThrownBy(() -> builder.option("listen_port", "http")).hasMessage("listen_port: not an integer: \"http\"");
    assertThatThrownBy(() -> builder.option("server_replay", "session.mitm")).hasMessageStartingWith("unknown option");
  }

  @Test
  void everySpecOfEveryCallGoesToOneHookInOrder() throws Exception {
    builder.option("modify_headers", "/~q/X-A/1").modifyHeaders("/~q/X-B/2", "/~q/X-A/3");

    try (ProxyServer proxy = builder.start()) {
      JdkClients.via(proxy).send(HttpRequest.newBuilder(origin.uri("/h")).build(), BodyHandlers.ofString());

      assertThat(proxy.hooks()).singleElement().isInstanceOf(ModifyHeaders.class);
      EchoOrigin.Seen seen = origin.take();
      assertThat(seen.headers().get("X-a")).containsExactly("1", "3");
      assertThat(seen.header("X-B")).isEqualTo("2");
    }
  }

  @Test
  void anOptionOfAnotherModuleAddsItsHookWhenSetAndOnlyThen() {
    FlowHook blocker = FlowHook.onRequest(flow -> { });
    Option<Boolean> block = Option.bool("block_trackers").help("Answer 404 to trackers.")
        .configures((b, on) -> {
          if (on) {
            b.hook(blocker);
          }
        })
        .build();

    try (ProxyServer unset = builder.start()) {
      assertThat(unset.hooks()).isEmpty();
    }
    try (ProxyServer set = builder.set(block, true).start()) {
      assertThat(set.hooks()).containsExactly(blocker);
    }
  }

  @Test
  void startingTwiceConfiguresEachServerOnce() {
    builder.anticache();

    try (ProxyServer first = builder.start(); ProxyServer second = builder.start()) {
      assertThat(first.hooks()).singleElement().isInstanceOf(Anticache.class);
      assertThat(second.hooks()).singleElement().isInstanceOf(Anticache.class).isNotSameAs(first.hooks().get(0));
    }
  }

  @Test
  void anOptionsConfigurationMayAddHooksButNotSetOptions() {
    Option<Boolean> meddling = Option.bool("meddling").defaultValue(true).help("Turns anticache on.")
        .configures((b, on) -> b.anticache())
        .build();
    builder.set(meddling, true);

    assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("option anticache: options cannot change while the proxy starts");
    assertThat(builder.anticache().get(Anticache.ANTICACHE)).isTrue();
  }

  @Test
  void upstreamCertIsOnByDefaultAndASettingOfTheEngineNotAHook() {
    assertThat(ProxyServer.builder().get(EngineOptions.UPSTREAM_CERT)).isTrue();
    try (ProxyServer eager = ProxyServer.builder().start();
        ProxyServer lazy = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY).start()) {
      assertThat(eager.hooks()).isEmpty();
      assertThat(lazy.hooks()).isEmpty();
      assertThat(List.of(eager.mode(), lazy.mode())).containsOnly(ProxyMode.regular());
    }
  }
}
