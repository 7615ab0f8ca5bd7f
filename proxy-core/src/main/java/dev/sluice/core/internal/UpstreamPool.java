package dev.sluice.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The upstream connections one client connection keeps for reuse, one per destination
 * ({@code scheme://host:port}); all on that connection's event loop, so no locking.
 */
final class UpstreamPool {

  private final Map<String, UpstreamConnection> idle = new HashMap<>();

  /** A kept connection to {@code key} that is still open, or null. */
  UpstreamConnection get(String key) {
    UpstreamConnection connection = idle.get(key);
    return connection != null && connection.isActive() ? connection : null;
  }

  /** Keeps {@code connection} under its key for the next request to the same destination. */
  void put(UpstreamConnection connection) {
    idle.put(connection.key(), connection);
  }

  /** Forgets {@code connection}, if it is the one kept under its key. */
  void remove(UpstreamConnection connection) {
    if (connection.key() != null) {
      idle.remove(connection.key(), connection);
    }
  }

  /** Forgets and closes {@code connection}. */
  void discard(UpstreamConnection connection) {
    remove(connection);
    connection.close();
  }

  /** Closes every kept connection. */
  void closeAll() {
    for (UpstreamConnection connection : new ArrayList<>(idle.values())) {
      connection.close();
    }
    idle.clear();
  }
}
