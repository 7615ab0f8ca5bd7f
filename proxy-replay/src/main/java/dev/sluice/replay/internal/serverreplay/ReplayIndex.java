package dev.sluice.replay.internal.serverreplay;

import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.replay.ServerReplayOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The recorded flows of a server replay, hashed by {@link RequestKey} under one set of options:
 * a lookup costs one key and one hash probe, however many flows there are. The map is built once
 * and never changes; each key's queue hands out its flows in recording order, safely from many
 * threads, and remembers which flows have answered a request (with reuse they stay queued).
 */
public final class ReplayIndex {

  /** A recorded flow, its place in the recording, and whether it answered a request yet. */
  private record Entry(int order, Flow flow, AtomicBoolean served) {}

  private final ServerReplayOptions options;
  private final Map<RequestKey, Queue<Entry>> byKey;

  private ReplayIndex(ServerReplayOptions options, List<Entry> entries) {
    this.options = options;
    Map<RequestKey, Queue<Entry>> map = new HashMap<>();
    for (Entry entry : entries) {
      map.computeIfAbsent(RequestKey.of(entry.flow().request(), options), k -> new ConcurrentLinkedQueue<>()).add(entry);
    }
    this.byKey = map;
  }

  /** An index of {@code flows} (kept flows with responses), in their order. */
  public static ReplayIndex of(List<Flow> flows, ServerReplayOptions options) {
    List<Entry> entries = new ArrayList<>(flows.size());
    for (Flow flow : flows) {
      entries.add(new Entry(entries.size(), flow, new AtomicBoolean()));
    }
    return new ReplayIndex(options, entries);
  }

  /**
   * An index of the flows not yet handed out, under {@code newOptions}; this index is left empty.
   * Callers make sure no {@link #take} runs meanwhile.
   */
  public ReplayIndex reindex(ServerReplayOptions newOptions) {
    List<Entry> left = new ArrayList<>();
    for (Queue<Entry> queue : byKey.values()) {
      for (Entry entry; (entry = queue.poll()) != null; ) {
        left.add(entry);
      }
    }
    left.sort(Comparator.comparingInt(Entry::order));
    return new ReplayIndex(newOptions, left);
  }

  /** The options the keys were made with. */
  public ServerReplayOptions options() {
    return options;
  }

  /**
   * The recorded flow that answers {@code request}, or {@code null}: the next one in order, which
   * is removed unless the options {@linkplain ServerReplayOptions#reuse() reuse} responses.
   */
  public Flow take(Request request) {
    Queue<Entry> queue = byKey.get(RequestKey.of(request, options));
    if (queue == null) {
      return null;
    }
    Entry entry = options.reuse() ? queue.peek() : queue.poll();
    if (entry == null) {
      return null;
    }
    entry.served().set(true);
    return entry.flow();
  }

  /** How many recorded responses are left. */
  public int remaining() {
    return byKey.values().stream().mapToInt(Queue::size).sum();
  }

  /**
   * The requests of the recorded flows that have answered no request yet, in recording order:
   * without reuse, those {@link #remaining()} counts; with reuse, those never served once.
   */
  public List<Request> unused() {
    return byKey.values().stream().flatMap(Queue::stream).filter(entry -> !entry.served().get())
        .sorted(Comparator.comparingInt(Entry::order)).map(entry -> entry.flow().request()).toList();
  }
}
