package dev.sluice.core.internal;

import dev.sluice.api.FlowHook;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one event through the hooks that implement it, in order. Ordinary hooks run inline on the
 * event loop; a blocking hook runs on the worker pool and the rest of the event resumes on the
 * event loop when it returns. The first hook that throws ends the event.
 */
final class HookRunner {

  private static final Logger log = LoggerFactory.getLogger(HookRunner.class);

  /** What happens when an event has run. Called on the event loop. */
  interface Outcome {
    /** Every hook returned. */
    void done();

    /** {@code hook} threw {@code failure}; the hooks after it were not called. */
    void failed(FlowHook hook, Throwable failure);
  }

  private final HookChain chain;
  private final Executor workers;

  HookRunner(HookChain chain, Executor workers) {
    this.chain = chain;
    this.workers = workers;
  }

  /** Whether any hook implements {@code event}. */
  boolean hasHooks(HookEvent event) {
    return !chain.forEvent(event).isEmpty();
  }

  /** Runs {@code event} with {@code argument}; {@code outcome} is told the result on {@code loop}. */
  void run(HookEvent event, Object argument, Executor loop, Outcome outcome) {
    resume(chain.forEvent(event), 0, event, argument, loop, outcome);
  }

  /** Runs {@code event}; {@code then} runs on {@code loop} afterwards, whether a hook failed or not (failures are logged). */
  void run(HookEvent event, Object argument, Executor loop, Runnable then) {
    run(event, argument, loop, new Outcome() {
      @Override
      public void done() {
        then.run();
      }

      @Override
      public void failed(FlowHook hook, Throwable failure) {
        then.run();
      }
    });
  }

  private void resume(List<HookChain.Entry> entries, int from, HookEvent event, Object argument, Executor loop,
      Outcome outcome) {
    for (int i = from; i < entries.size(); i++) {
      HookChain.Entry entry = entries.get(i);
      if (entry.blocking()) {
        int next = i + 1;
        offLoop(() -> {
          Throwable failure = call(entry.hook(), event, argument);
          onLoop(loop, () -> {
            if (failure != null) {
              outcome.failed(entry.hook(), failure);
            } else {
              resume(entries, next, event, argument, loop, outcome);
            }
          });
        });
        return;
      }
      Throwable failure = call(entry.hook(), event, argument);
      if (failure != null) {
        outcome.failed(entry.hook(), failure);
        return;
      }
    }
    outcome.done();
  }

  /** Calls the hook; returns what it threw, or null. Errors such as a failed assertion fail the flow too. */
  private static Throwable call(FlowHook hook, HookEvent event, Object argument) {
    try {
      event.invoke(hook, argument);
      return null;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      log.warn("hook {} failed in {}", hook.name(), event.methodName(), e);
      return e;
    }
  }

  private void offLoop(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("server closing: blocking hook not run", e);
    }
  }

  private static void onLoop(Executor loop, Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("server closing: event not resumed", e);
    }
  }
}
