package dev.sluice.junit5.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The hook behind a test proxy's flow log: an immutable copy of every finished flow, in the
 * order they finished, and the flows still under way. A flow is finished when its response is
 * complete, when it fails, or, for a websocket, when the websocket ends. Thread-safe.
 */
public final class FlowLog implements FlowHook {

  private final Object lock = new Object();
  private final Map<String, String> underWay = new LinkedHashMap<>();
  private final List<Flow> finished = new ArrayList<>();
  private final Set<String> finishedIds = new HashSet<>();
  private int taken;

  @Override
  public void requestHeaders(HttpFlow flow) {
    String description = flow.request().method() + " " + flow.request().prettyUrl();
    synchronized (lock) {
      if (!finishedIds.contains(flow.id())) {
        underWay.put(flow.id(), description);
      }
    }
  }

  @Override
  public void response(HttpFlow flow) {
    if (flow.webSocket() == null) {
      finish(flow);
    }
  }

  @Override
  public void error(HttpFlow flow) {
    finish(flow);
  }

  @Override
  public void webSocketEnd(HttpFlow flow) {
    finish(flow);
  }

  private void finish(HttpFlow flow) {
    Flow snapshot = flow.snapshot();
    synchronized (lock) {
      underWay.remove(flow.id());
      if (finishedIds.add(flow.id())) {
        finished.add(snapshot);
        lock.notifyAll();
      }
    }
  }

  /** Forgets every flow, finished or not (a class-wide proxy starts each test with an empty log). */
  public void reset() {
    synchronized (lock) {
      underWay.clear();
      finished.clear();
      finishedIds.clear();
      taken = 0;
    }
  }

  /** The finished flows, in order. */
  public List<Flow> flows() {
    synchronized (lock) {
      return List.copyOf(finished);
    }
  }

  /** The finished flows {@code filter} matches, in order. */
  public List<Flow> flows(FlowFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return flows().stream().filter(filter::test).toList();
  }

  /**
   * The next finished flow not taken yet, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError listing the flows seen so far when none finishes in time
   */
  public Flow take(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (taken >= finished.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no flow finished through the proxy within " + timeout.toMillis() + " ms ("
              + taken + " taken before)\n" + describe());
        }
        awaitChange(left);
      }
      return finished.get(taken++);
    }
  }

  /** Whether no flow has started or finished since the last reset. */
  public boolean isEmpty() {
    synchronized (lock) {
      return underWay.isEmpty() && finished.isEmpty();
    }
  }

  /** The finished flows not taken yet by {@link #take(Duration)}. */
  public List<Flow> notTaken() {
    synchronized (lock) {
      return List.copyOf(finished.subList(taken, finished.size()));
    }
  }

  /**
   * The flows still under way ({@code METHOD url}), after waiting up to {@code grace} for them to
   * finish: a request sent asynchronously just before a test ended gets that long.
   */
  public List<String> underWay(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (lock) {
      while (!underWay.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        awaitChange(left);
      }
      return List.copyOf(underWay.values());
    }
  }

  /** The log as text: one line per finished flow, then one per flow under way. */
  public String describe() {
    synchronized (lock) {
      StringBuilder text = new StringBuilder("Flows through the Sluice proxy (" + finished.size() + " finished, "
          + underWay.size() + " under way):");
      for (int i = 0; i < finished.size(); i++) {
        text.append("\n  ").append(i + 1).append(". ").append(FlowDescriptions.line(finished.get(i)));
      }
      for (String flow : underWay.values()) {
        text.append("\n  under way: ").append(flow);
      }
      return text.toString();
    }
  }

  private void awaitChange(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for flows", e);
    }
  }

  @Override
  public String name() {
    return "FlowLog";
  }
}
