package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Blocking;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import org.junit.jupiter.api.Test;

class HookChainTest {

  @Blocking
  static final class BlockingResponseHook implements FlowHook {
    @Override public void response(HttpFlow flow) { }
  }

  @Test
  void eachEventListsOnlyTheHooksThatImplementIt() {
    HookChain chain = new HookChain();
    FlowHook onRequest = FlowHook.onRequest(flow -> { });
    FlowHook onResponse = new BlockingResponseHook();
    FlowHook both = new FlowHook() {
      @Override public void request(HttpFlow flow) { }

      @Override public void response(HttpFlow flow) { }
    };
    chain.add(onRequest);
    chain.add(onResponse);
    chain.add(both);

    assertThat(chain.forEvent(HookEvent.REQUEST)).extracting(HookChain.Entry::hook).containsExactly(onRequest, both);
    assertThat(chain.forEvent(HookEvent.REQUEST_HEADERS)).isEmpty();
    assertThat(chain.forEvent(HookEvent.RESPONSE)).extracting(HookChain.Entry::blocking).containsExactly(true, false);
  }

  @Test
  void wrappedHooksGetEveryEventBecauseTheWrapperForwardsThemAll() {
    HookChain chain = new HookChain();
    FlowHook wrapped = FlowHook.blocking(FlowHook.onResponse(flow -> { }));
    chain.add(wrapped);

    assertThat(chain.forEvent(HookEvent.REQUEST_HEADERS)).extracting(HookChain.Entry::hook).containsExactly(wrapped);
    assertThat(chain.forEvent(HookEvent.RESPONSE)).extracting(HookChain.Entry::blocking).containsExactly(true);
  }

  @Test
  void removeTakesTheSameInstanceOnly() {
    HookChain chain = new HookChain();
    FlowHook hook = FlowHook.onRequest(flow -> { });
    chain.add(hook);
    chain.add(hook);

    assertThat(chain.remove(FlowHook.onRequest(flow -> { }))).isFalse();
    assertThat(chain.remove(hook)).isTrue();
    assertThat(chain.all()).containsExactly(hook);
    assertThat(chain.forEvent(HookEvent.REQUEST)).hasSize(1);
  }
}
