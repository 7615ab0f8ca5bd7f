package dev.sluice.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.internal.options.NearestName;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OptionRegistryTest {

  private static final OptionRegistry CORE = OptionRegistry.core();

  @Test
  void theCoreRegistryHoldsTheEngineOptionsAndThoseOfEveryCoreHook() {
    assertThat(CORE.options()).extracting(Option::name).containsExactly(
        "proxyauth", "ignore_hosts", "allow_hosts",
        "listen_host", "listen_port", "mode", "body_size_limit", "max_connections", "keep_host_header", "connection_strategy",
        "stream_websockets", "http2", "ssl_insecure", "client_certs", "tls_engine", "upstream_auth", "hosts", "upstream_cert",
        "block_list", "anticache", "anticomp", "stream_large_bodies", "map_remote", "map_local", "stickyauth", "stickycookie",
        "modify_headers", "modify_body", "latency", "bandwidth", "faults");
    assertThat(CORE.options()).allSatisfy(option -> assertThat(option.help()).isNotBlank());
  }

  @Test
  void anOptionIsFoundByItsNameOrItsOlderName() {
    assertThat(CORE.get("modify_headers")).isSameAs(ModifyHeaders.MODIFY_HEADERS);
    assertThat(CORE.get("setheaders")).isSameAs(ModifyHeaders.MODIFY_HEADERS);
    assertThat(CORE.get("replacements")).isSameAs(ModifyBody.MODIFY_BODY);
    assertThat(CORE.find("server_replay")).isEmpty();
  }

  @Test
  void anUnknownNameSuggestsTheNearestKnownOneWhenItIsLikelyATypo() {
    assertThatThrownBy(() -> CORE.get("anticahce")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option \"anticahce\"; did you mean \"anticache\"?");
    assertThatThrownBy(() -> CORE.get("listen-port")).hasMessage("unknown option \"listen-port\"; did you mean \"listen_port\"?");
    assertThatThrownBy(() -> CORE.get("stickycookies")).hasMessage("unknown option \"stickycookies\"; did you mean \"stickycookie\"?");
    assertThatThrownBy(() -> CORE.get("no_such_option")).hasMessage("unknown option \"no_such_option\"");
  }

  @Test
  void aNameDeclaredTwiceIsRefused() {
    assertThatThrownBy(() -> OptionRegistry.of(List.of(Anticache.ANTICACHE, Anticache.ANTICACHE)))
        .hasMessage("option \"anticache\" is declared twice");
    Option<Boolean> clash = Option.bool("setheaders").help("Clashes with an older name.").build();
    assertThatThrownBy(() -> CORE.with(List.of(clash))).hasMessage("option \"setheaders\" is declared twice");
  }

  @Test
  void withAddsOptionsAfterTheOthersAndLeavesTheRegistryAsItWas() {
    Option<Boolean> block = Option.bool("block_trackers").help("Answer 404 to trackers.").build();

    OptionRegistry wider = CORE.with(List.of(block));

    assertThat(wider.options()).endsWith(block).hasSize(CORE.options().size() + 1);
    assertThat(CORE.find("block_trackers")).isEmpty();
  }

  @Test
  void withDefaultChangesOneDefaultInACopy() {
    OptionRegistry tool = CORE.withDefault(EngineOptions.LISTEN_PORT, 8080);

    assertThat(tool.get("listen_port").defaultValue()).isEqualTo(8080);
    assertThat(tool.get("listen_port").help()).isEqualTo(EngineOptions.LISTEN_PORT.help());
    assertThat(tool.options().indexOf(tool.get("listen_port"))).isEqualTo(CORE.options().indexOf(EngineOptions.LISTEN_PORT));
    assertThat(CORE.get("listen_port").defaultValue()).isEqualTo(0);
    assertThatThrownBy(() -> CORE.withDefault(EngineOptions.LISTEN_PORT, 70000)).hasMessageStartingWith("listen_port: not a port");
    Option<Boolean> stranger = Option.bool("stranger").help("Not in the registry.").build();
    assertThatThrownBy(() -> CORE.withDefault(stranger, true)).hasMessage("option \"stranger\" is not in this registry");
  }

  @Property
  void aNameOneEditAwayFromAKnownOneGetsASuggestionAtMostOneEditAway(@ForAll("typos") String typo) {
    assertThat(CORE.nearest(typo)).hasValueSatisfying(known -> assertThat(NearestName.distance(typo, known)).isLessThanOrEqualTo(1));
  }

  @Provide
  Arbitrary<String> typos() {
    Arbitrary<String> names = Arbitraries.of(CORE.options().stream().map(Option::name).toList());
    Arbitrary<Character> letters = Arbitraries.chars().range('a', 'z').with('_');
    return Combinators.combine(names, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 40), letters)
        .as(OptionRegistryTest::edit)
        .filter(typo -> CORE.find(typo).isEmpty());
  }

  /** {@code name} with one edit: a deletion, an insertion, a substitution, or a swap of neighbours. */
  private static String edit(String name, int kind, int position, char letter) {
    int at = position % name.length();
    StringBuilder s = new StringBuilder(name);
    switch (kind) {
      case 0 -> s.deleteCharAt(at);
      case 1 -> s.insert(at, letter);
      case 2 -> s.setCharAt(at, letter);
      default -> {
        int next = Math.min(at + 1, name.length() - 1);
        s.setCharAt(at, name.charAt(next));
        s.setCharAt(next, name.charAt(at));
      }
    }
    return s.toString();
  }
}
