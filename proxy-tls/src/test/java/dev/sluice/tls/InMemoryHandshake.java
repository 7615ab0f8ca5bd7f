package dev.sluice.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A TLS handshake between two {@link SSLEngine}s through byte buffers, no socket: what the JDK
 * client would do on the network, including its trust manager and its HTTPS hostname check.
 */
final class InMemoryHandshake {

  private static final int BUFFER = 64 * 1024;
  private static final int MAX_STEPS = 200;
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private InMemoryHandshake() {}

  /** Runs the handshake to its end; throws the {@link SSLException} either side raised. */
  static void run(SSLEngine client, SSLEngine server) throws SSLException {
    ByteBuffer toServer = ByteBuffer.allocate(BUFFER);
    ByteBuffer toClient = ByteBuffer.allocate(BUFFER);
    ByteBuffer application = ByteBuffer.allocate(BUFFER);
    client.beginHandshake();
    server.beginHandshake();
    for (int step = 0; step < MAX_STEPS; step++) {
      advance(client, toClient, toServer, application);
      advance(server, toServer, toClient, application);
      if (done(client) && done(server)) {
        return;
      }
    }
    throw new AssertionError("the handshake did not finish in " + MAX_STEPS + " steps");
  }

  private static boolean done(SSLEngine engine) {
    return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
  }

  /** Lets {@code engine} read what it was sent and write what it wants until it must wait. */
  private static void advance(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer application)
      throws SSLException {
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
          }
        }
        case NEED_WRAP -> {
          if (engine.wrap(NOTHING, out).getStatus() != SSLEngineResult.Status.OK) {
            return;
          }
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          in.flip();
          SSLEngineResult result = engine.unwrap(in, application);
          in.compact();
          application.clear();
          if (result.getStatus() != SSLEngineResult.Status.OK) {
            return;
          }
        }
        default -> {
          return;
        }
      }
    }
  }
}
