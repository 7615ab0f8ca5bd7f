package dev.sluice.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle upstream connections one client connection keeps for reuse, one per destination
 * ({@code scheme://host:port}); all on that connection's event loop, so no locking. A connection
 * in use by an exchange is out of the pool until the exchange releases it.
 */
final class UpstreamPool {

  private final Map<String, UpstreamConnection> idle = new HashMap<>();
  private final Map<String, Http2Upstream> shared = new HashMap<>();

  /** The key of connections to {@code host:port} for requests of {@code scheme} ({@code scheme://host:port}). */
  static String key(String scheme, String host, int port) {
    return scheme + "://" + host + ":" + port;
  }

  /** Takes the kept connection to {@code key} out of the pool, if it is still open; else null. */
  UpstreamConnection take(String key) {
    UpstreamConnection connection = idle.remove(key);
    return connection != null && connection.isActive() ? connection : null;
  }

  /** Keeps {@code connection} under its key for the next request to the same destination; one kept already is closed. */
  void put(UpstreamConnection connection) {
    UpstreamConnection replaced = idle.put(connection.key(), connection);
    if (replaced != null && replaced != connection) {
      replaced.close();
    }
  }

  /** The open HTTP/2 connection to {@code key} that exchanges share, or null. */
  Http2Upstream shared(String key) {
    Http2Upstream connection = shared.get(key);
    return connection != null && connection.isActive() ? connection : null;
  }

  /** Shares {@code connection} (HTTP/2) with every exchange to its destination while it is open. */
  void share(Http2Upstream connection) {
    Http2Upstream replaced = shared.put(connection.key(), connection);
    if (replaced != null && replaced != connection) {
      replaced.close();
    }
  }

  /** Forgets the shared {@code connection} (it closed). */
  void unshare(Http2Upstream connection) {
    shared.remove(connection.key(), connection);
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

  /** Closes every kept and shared connection. */
  void closeAll() {
    for (UpstreamConnection connection : new ArrayList<>(idle.values())) {
      connection.close();
    }
    idle.clear();
    for (Http2Upstream connection : new ArrayList<>(shared.values())) {
      connection.close();
    }
    shared.clear();
  }
}
