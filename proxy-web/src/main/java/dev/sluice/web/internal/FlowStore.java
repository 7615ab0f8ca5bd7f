package dev.sluice.web.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The flows the web view shows, numbered in the order they finished ({@code seq} 1, 2, ...), and
 * the live subscribers that get each new flow their filter matches. A subscriber first gets the
 * flows after the last one it saw, then each new one, in order, with none missed or repeated.
 * Thread-safe; subscribers are called under its lock and must not block.
 *
 * <pre>{@code
 * FlowStore store = new FlowStore();
 * store.subscribe(entry -> send(entry), FlowFilter.parse("~m POST"), 0);
 * store.add(flow.snapshot());
 * }</pre>
 */
public final class FlowStore {

  /** A flow and its number. */
  public record Entry(long seq, Flow flow) {}

  /** The flows a filter matched, and the number of the last flow stored when it ran. */
  public record Listing(long seq, List<Entry> entries) {}

  /** Gets new flows; called under the store's lock, so it only hands them on. */
  @FunctionalInterface
  public interface Subscriber {
    void accept(Entry entry);
  }

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Entry> byId = new HashMap<>();
  private final Map<Subscriber, FlowFilter> subscribers = new LinkedHashMap<>();

  /** Adds {@code flow} (immutable) and hands it to the subscribers it matches; a flow already stored is ignored. */
  public synchronized void add(Flow flow) {
    if (byId.containsKey(flow.id())) {
      return;
    }
    Entry entry = new Entry(entries.size() + 1L, flow);
    entries.add(entry);
    byId.put(flow.id(), entry);
    subscribers.forEach((subscriber, filter) -> {
      if (filter.test(flow)) {
        subscriber.accept(entry);
      }
    });
  }

  /** The flows {@code filter} matches, in order. */
  public synchronized Listing matching(FlowFilter filter) {
    return new Listing(entries.size(), entries.stream().filter(entry -> filter.test(entry.flow())).toList());
  }

  /** The flows {@code filter} matches, in order. */
  public List<Flow> flows(FlowFilter filter) {
    return matching(filter).entries().stream().map(Entry::flow).toList();
  }

  /** The flow with id {@code id}. */
  public synchronized Optional<Entry> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Hands {@code subscriber} the matching flows numbered after {@code since}, then each new matching one. */
  public synchronized void subscribe(Subscriber subscriber, FlowFilter filter, long since) {
    Objects.requireNonNull(filter, "filter");
    int from = (int) Math.max(0, Math.min(since, entries.size()));
    for (Entry entry : entries.subList(from, entries.size())) {
      if (filter.test(entry.flow())) {
        subscriber.accept(entry);
      }
    }
    subscribers.put(subscriber, filter);
  }

  /** Stops handing flows to {@code subscriber}. */
  public synchronized void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }
}
