package dev.sluice.core.internal;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The replays under way on one server. The replaying side announces the address its connection
 * comes from before it connects; the session accepted from that address claims the ticket. Only
 * code in this JVM can announce one, so no outside client can pass for a replay.
 */
final class ReplayTickets {

  private final Map<SocketAddress, ReplayTicket> expected = new ConcurrentHashMap<>();
  private final Set<ReplayTicket> pending = ConcurrentHashMap.newKeySet();
  private final Executor callbacks;
  private volatile boolean closed;

  ReplayTickets(Executor callbacks) {
    this.callbacks = callbacks;
  }

  /** A new ticket, failed already when the server is closed. */
  ReplayTicket open() {
    ReplayTicket ticket = new ReplayTicket(callbacks);
    pending.add(ticket);
    ticket.result().whenComplete((flow, failure) -> pending.remove(ticket));
    if (closed) {
      ticket.fail(closedFailure());
    }
    return ticket;
  }

  /** The connection from {@code from} will carry {@code ticket}'s request. */
  void expect(SocketAddress from, ReplayTicket ticket) {
    expected.put(from, ticket);
    ticket.result().whenComplete((flow, failure) -> expected.remove(from, ticket));
  }

  /** Whether the connection from {@code peer} carries a replayed request (its ticket not claimed yet). */
  boolean expects(SocketAddress peer) {
    return peer != null && expected.containsKey(peer);
  }

  /** The ticket of the connection accepted from {@code peer}: {@link ReplayTicket#NONE} for ordinary clients. */
  ReplayTicket claim(SocketAddress peer) {
    ReplayTicket ticket = peer == null ? null : expected.remove(peer);
    return ticket == null ? ReplayTicket.NONE : ticket;
  }

  /** Fails every replay still under way: the server is closing. */
  void close() {
    closed = true;
    for (ReplayTicket ticket : Set.copyOf(pending)) {
      ticket.fail(closedFailure());
    }
  }

  private static IllegalStateException closedFailure() {
    return new IllegalStateException("the proxy was closed before the replayed request finished");
  }
}
