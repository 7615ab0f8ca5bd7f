package dev.sluice.api.internal;

import dev.sluice.api.FlowHook;

/** {@link FlowHook#blocking}: the delegate, declared blocking. */
public final class BlockingHook extends DelegatingHook {

  public BlockingHook(FlowHook delegate) {
    super(delegate);
  }

  @Override
  public boolean isBlocking() {
    return true;
  }
}
