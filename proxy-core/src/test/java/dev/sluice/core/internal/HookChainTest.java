package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Blocking;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.HookPhase;
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
    chain.add(HookPhase.DEFAULT, onRequest);
    chain.add(HookPhase.DEFAULT, onResponse);
    chain.add(HookPhase.DEFAULT, both);

    assertThat(chain.forEvent(HookEvent.REQUEST)).extracting(HookChain.Entry::hook).containsExactly(onRequest, both);
    assertThat(chain.forEvent(HookEvent.REQUEST_HEADERS)).isEmpty();
    assertThat(chain.forEvent(HookEvent.RESPONSE)).extracting(HookChain.Entry::blocking).containsExactly(true, false);
  }

  @Test
  void wrappedHooksGetEveryEventBecauseTheWrapperForwardsThemAll() {
    HookChain chain = new HookChain();
    FlowHook wrapped = FlowHook.blocking(FlowHook.onResponse(flow -> { }));
    chain.add(HookPhase.DEFAULT, wrapped);

    assertThat(chain.forEvent(HookEvent.REQUEST_HEADERS)).extracting(HookChain.Entry::hook).containsExactly(wrapped);
    assertThat(chain.forEvent(HookEvent.RESPONSE)).extracting(HookChain.Entry::blocking).containsExactly(true);
  }

  @Test
  void removeTakesTheSameInstanceOnly() {
    HookChain chain = new HookChain();
    FlowHook hook = FlowHook.onRequest(flow -> { });
    chain.add(HookPhase.DEFAULT, hook);
    chain.add(HookPhase.DEFAULT, hook);

    assertThat(chain.remove(FlowHook.onRequest(flow -> { }))).isFalse();
    assertThat(chain.remove(hook)).isTrue();
    assertThat(chain.all()).containsExactly(hook);
    assertThat(chain.forEvent(HookEvent.REQUEST)).hasSize(1);
  }

  @Test
  void hooksRunPhaseByPhaseAndInTheOrderAddedWithinAPhase() {
    HookChain chain = new HookChain();
    FlowHook recorder = FlowHook.onRequest(flow -> { });
    FlowHook first = FlowHook.onRequest(flow -> { });
    FlowHook second = FlowHook.onRequest(flow -> { });
    FlowHook authentication = FlowHook.onRequest(flow -> { });
    FlowHook connection = FlowHook.onRequest(flow -> { });
    chain.add(HookPhase.RECORDING, recorder);
    chain.add(HookPhase.DEFAULT, first);
    chain.add(HookPhase.CONNECTION, connection);
    chain.add(HookPhase.DEFAULT, second);
    chain.add(HookPhase.AUTHENTICATION, authentication);

    assertThat(chain.all()).containsExactly(authentication, connection, first, second, recorder);
    assertThat(chain.forEvent(HookEvent.REQUEST)).extracting(HookChain.Entry::hook)
        .containsExactly(authentication, connection, first, second, recorder);
  }
}
