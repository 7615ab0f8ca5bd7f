package dev.sluice.core.internal;

import dev.sluice.api.FlowHook;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered hooks of one server, copy-on-write: adding or removing a hook makes a new snapshot,
 * so dispatch never locks. For each event the snapshot keeps only the hooks that implement it.
 */
public final class HookChain {

  /** One hook, with whether it must run off the event loop. */
  record Entry(FlowHook hook, boolean blocking) {}

  private record Snapshot(List<FlowHook> all, Map<HookEvent, List<Entry>> byEvent) {
    static Snapshot of(List<FlowHook> hooks) {
      Map<HookEvent, List<Entry>> byEvent = new EnumMap<>(HookEvent.class);
      for (HookEvent event : HookEvent.values()) {
        List<Entry> entries = new ArrayList<>();
        for (FlowHook hook : hooks) {
          if (event.isImplementedBy(hook)) {
            entries.add(new Entry(hook, hook.isBlocking()));
          }
        }
        byEvent.put(event, List.copyOf(entries));
      }
      return new Snapshot(List.copyOf(hooks), byEvent);
    }
  }

  private volatile Snapshot snapshot = Snapshot.of(List.of());

  /** Appends {@code hook}. */
  public synchronized void add(FlowHook hook) {
    Objects.requireNonNull(hook, "hook");
    List<FlowHook> hooks = new ArrayList<>(snapshot.all());
    hooks.add(hook);
    snapshot = Snapshot.of(hooks);
  }

  /** Removes the first occurrence of {@code hook} (by identity); returns whether it was there. */
  public synchronized boolean remove(FlowHook hook) {
    List<FlowHook> hooks = new ArrayList<>(snapshot.all());
    for (int i = 0; i < hooks.size(); i++) {
      if (hooks.get(i) == hook) {
        hooks.remove(i);
        snapshot = Snapshot.of(hooks);
        return true;
      }
    }
    return false;
  }

  /** Every hook, in order. */
  public List<FlowHook> all() {
    return snapshot.all();
  }

  List<Entry> forEvent(HookEvent event) {
    return snapshot.byEvent().get(event);
  }
}
