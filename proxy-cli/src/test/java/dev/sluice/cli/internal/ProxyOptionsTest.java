package dev.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowHook;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.Anticomp;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {

  private final ProxyOptions options = new ProxyOptions();

  @Test
  void everyHookOptionAddsItsHookWithProxyAuthFirst() {
    options.set("modify_body=/a/b");
    options.set("anticache=true");
    options.set("anticomp", "yes");
    options.set("stickycookie", "~d example.com");
    options.set("stickyauth", ".");
    options.set("modify_headers", "/X-A/1");
    options.set("proxyauth", "ada:pw");

    assertThat(options.hooks()).map(FlowHook::getClass).containsExactly(ProxyAuth.class, Anticache.class,
        Anticomp.class, StickyAuth.class, StickyCookies.class, ModifyHeaders.class, ModifyBody.class);
  }

  @Test
  void olderNamesFeedTheSameHooks() {
    options.set("replacements", "/a/b");
    options.set("setheaders", "/X-A/1");

    assertThat(options.hooks()).map(FlowHook::name).containsExactly("modify_headers", "modify_body");
  }

  @Test
  void noHookOptionMeansNoHook() {
    options.set("anticache", "false");
    assertThat(options.hooks()).isEmpty();
  }

  @Test
  void badValuesFailBeforeTheProxyStartsAndNameTheOption() {
    assertThatThrownBy(() -> options.set("listen_port", "99999")).hasMessageStartingWith("listen_port: not a port");
    assertThatThrownBy(() -> options.set("anticache", "maybe")).hasMessageStartingWith("anticache: not a boolean");
    assertThatThrownBy(() -> options.set("modify_body", "/only")).hasMessageStartingWith("modify_body: spec \"/only\"");
    assertThatThrownBy(() -> options.set("stickycookie", "~nosuch")).hasMessageStartingWith("stickycookie:");
    assertThatThrownBy(() -> options.set("proxyauth", "nocolon")).hasMessageStartingWith("proxyauth:");
    assertThatThrownBy(() -> options.set("body_size_limit", "lots")).hasMessageStartingWith("body_size_limit: not a size");
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> options.set("no_such", "1"))
        .hasMessageContaining("unknown option \"no_such\"")
        .hasMessageContaining("modify_headers");
    assertThatThrownBy(() -> options.set("novalue")).hasMessageContaining("expected name=value");
  }
}
