package dev.sluice.api.internal;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;

/** {@link FlowHook#matching}: flow events reach the delegate only when the filter matches. */
public final class FilteredHook extends DelegatingHook {

  private final FlowFilter filter;

  public FilteredHook(FlowFilter filter, FlowHook delegate) {
    super(delegate);
    this.filter = filter;
  }

  @Override
  boolean accepts(HttpFlow flow) {
    return filter.test(flow);
  }

  @Override
  public String toString() {
    return "matching(" + filter + ", " + delegate.name() + ")";
  }
}
