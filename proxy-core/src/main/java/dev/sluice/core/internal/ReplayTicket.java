package dev.sluice.core.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.internal.FlowAccess;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What a client session knows about the request it is about to receive: nothing ({@link #NONE},
 * an ordinary client), or that it is a replayed request whose flow someone is waiting for.
 *
 * <p>The session marks the flow as {@link ReplayKind#REQUEST} when it creates it, before any hook
 * sees it, and reports it finished when the connection has ended and every hook has run; the
 * waiting future then completes on {@code callbacks}, never on an event loop.
 */
final class ReplayTicket {

  private static final FlowAccess FLOWS = FlowAccess.get();

  /** The ticket of every ordinary client connection: it marks nothing and reports nothing. */
  static final ReplayTicket NONE = new ReplayTicket(Runnable::run);

  private final CompletableFuture<Flow> result = new CompletableFuture<>();
  private final Executor callbacks;
  private volatile HttpFlow flow;

  ReplayTicket(Executor callbacks) {
    this.callbacks = callbacks;
  }

  /** The flow, when the replay has finished. */
  CompletableFuture<Flow> result() {
    return result;
  }

  /** The session made {@code created} for the replayed request: mark it, before any hook runs. */
  void started(HttpFlow created) {
    if (this != NONE) {
      FLOWS.setReplay(created, ReplayKind.REQUEST);
      flow = created;
    }
  }

  /** The session has ended and its hooks have run: hand out the flow. */
  void finished() {
    if (this == NONE) {
      return;
    }
    HttpFlow done = flow;
    if (done == null) {
      fail(new IllegalStateException("the proxy closed the replay connection before the request became a flow"));
    } else {
      Flow kept = done.snapshot();
      complete(() -> result.complete(kept));
    }
  }

  /** The replay cannot go on: the future fails with {@code cause}. */
  void fail(Throwable cause) {
    complete(() -> result.completeExceptionally(cause));
  }

  private void complete(Runnable completion) {
    try {
      callbacks.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }
}
