package dev.sluice.core.internal;

import dev.sluice.api.FlowHook;
import dev.sluice.core.HookPhase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered hooks of one server, copy-on-write: adding or removing a hook makes a new snapshot,
 * so dispatch never locks. Hooks are ordered by {@link HookPhase}, then by the order added. For
 * each event the snapshot keeps only the hooks that implement it.
 */
public final class HookChain {

  /** One hook, with whether it must run off the event loop. */
  record Entry(FlowHook hook, boolean blocking) {}

  private record Placed(HookPhase phase, FlowHook hook) {}

  private record Snapshot(List<Placed> placed, List<FlowHook> all, Map<HookEvent, List<Entry>> byEvent) {
    static Snapshot of(List<Placed> placed) {
      List<FlowHook> hooks = placed.stream().map(Placed::hook).toList();
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
      return new Snapshot(List.copyOf(placed), hooks, byEvent);
    }
  }

  private volatile Snapshot snapshot = Snapshot.of(List.of());

  /** Adds {@code hook} after every hook of its phase and of the phases before it. */
  public synchronized void add(HookPhase phase, FlowHook hook) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(hook, "hook");
    List<Placed> placed = new ArrayList<>(snapshot.placed());
    int at = 0;
    while (at < placed.size() && placed.get(at).phase().compareTo(phase) <= 0) {
      at++;
    }
    placed.add(at, new Placed(phase, hook));
    snapshot = Snapshot.of(placed);
  }

  /** Removes the first occurrence of {@code hook} (by identity); returns whether it was there. */
  public synchronized boolean remove(FlowHook hook) {
    List<Placed> placed = new ArrayList<>(snapshot.placed());
    for (int i = 0; i < placed.size(); i++) {
      if (placed.get(i).hook() == hook) {
        placed.remove(i);
        snapshot = Snapshot.of(placed);
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
