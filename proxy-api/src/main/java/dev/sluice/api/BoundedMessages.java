package dev.sluice.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The messages a flow keeps of a websocket or a gRPC call: at most a limit, the oldest going first
 * and counted, so the newest message is always the last one.
 */
final class BoundedMessages<M> {

  private final List<M> messages = new ArrayList<>();
  private final int limit;
  private long dropped;

  BoundedMessages(int limit) {
    this.limit = limit;
  }

  /** The kept messages in order, read-only. */
  List<M> view() {
    return Collections.unmodifiableList(messages);
  }

  /**
   * The newest message.
   *
   * @throws IllegalStateException naming {@code what} when there is none yet
   */
  M last(String what) {
    if (messages.isEmpty()) {
      throw new IllegalStateException("no " + what + " message yet");
    }
    return messages.get(messages.size() - 1);
  }

  /** Keeps {@code message}; past the limit the oldest one goes. */
  void add(M message) {
    messages.add(Objects.requireNonNull(message, "message"));
    if (messages.size() > limit) {
      messages.remove(0);
      dropped++;
    }
  }

  int limit() {
    return limit;
  }

  long dropped() {
    return dropped;
  }

  /** A copy with each message through {@code copy}, the same limit and count. */
  BoundedMessages<M> copy(UnaryOperator<M> copy) {
    BoundedMessages<M> out = new BoundedMessages<>(limit);
    messages.forEach(m -> out.messages.add(copy.apply(m)));
    out.dropped = dropped;
    return out;
  }
}
