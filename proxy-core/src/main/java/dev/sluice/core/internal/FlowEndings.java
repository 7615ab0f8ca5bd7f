package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.internal.FlowAccess;
import io.netty.handler.codec.http.HttpObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the current flow of a {@link ClientSession} ends: failed (error event, then an error answer),
 * killed by a hook, answered with its final response, handed over to a websocket, or finished, with
 * its upstream connection kept for the next flow or closed.
 */
final class FlowEndings {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private static final Logger log = LoggerFactory.getLogger(FlowEndings.class);

  private final ClientSession session;

  FlowEndings(ClientSession session) {
    this.session = session;
  }

  /** Fails the flow: error event, then a plain-text answer if the client can still get one. */
  void failFlow(Exchange ex, FlowError.Kind kind, int status, String message, boolean closeClient) {
    if (ex.phase == Exchange.Phase.DONE || ex.phase == Exchange.Phase.WRITING) {
      return;
    }
    log.debug("flow {} failed: {}", ex.flow.request(), message);
    ex.phase = Exchange.Phase.WAITING;
    FLOWS.setError(ex.flow, FlowError.of(kind, message));
    ex.cancelTimeout();
    dropUpstream(ex);
    HttpResponse answer = Messages.errorResponse(status, message);
    session.fireError(ex, () -> {
      if (ex != session.current || session.ended) {
        return;
      }
      if (ex.responseStarted) {
        ex.phase = Exchange.Phase.DONE;
        session.closing = true;
        session.channel.close();
      } else if (!closeClient && !ex.requestComplete) {
        ex.phase = Exchange.Phase.REQUEST_BODY;
        ex.requestSink = Exchange.Sink.DISCARD;
        ex.requestBody = null;
        ex.errorAnswer = answer;
      } else {
        writeFinal(ex, answer, ex.keepAlive && !closeClient);
      }
    });
  }

  /** A hook killed the flow: error event, then the client connection closes. */
  void kill(Exchange ex) {
    FLOWS.setError(ex.flow, FlowError.of(FlowError.Kind.KILLED, "killed by a hook"));
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    dropUpstream(ex);
    session.closing = true;
    session.fireError(ex, session.channel::close);
  }

  void writeFinal(Exchange ex, HttpResponse response, boolean keepAlive) {
    ex.phase = Exchange.Phase.WRITING;
    ex.responseStarted = true;
    ex.keepAlive = keepAlive;
    if (!keepAlive) {
      session.closing = true;
    }
    boolean bodyless = ex.bodyless(response.statusCode());
    Messages.writeAll(session.channel, Messages.wholeResponse(response, bodyless, keepAlive, ex.clientVersion))
        .addListener(f -> finishExchange(ex));
  }

  /** Writes the final response, or, when it accepts a websocket upgrade, hands both connections to the websocket. */
  void writeFinalOrUpgrade(Exchange ex) {
    if (WebSocketUpgrade.isAccepted(ex)) {
      upgradeToWebSocket(ex);
    } else if (WebSocketUpgrade.isAnsweredByHook(ex)) {
      replayWebSocket(ex);
    } else {
      writeFinal(ex, ex.flow.response(), ex.keepAlive);
    }
  }

  /**
   * The 101 goes to the client and the websocket takes over both channels, with the bytes the
   * upstream sent after its 101; the session only sees the client connection close from now on.
   */
  private void upgradeToWebSocket(Exchange ex) {
    UpstreamConnection upstream = ex.upstream;
    session.pool.remove(upstream.key(), upstream);
    List<Object> early = session.takeUpstreamQueue(upstream);
    handOver(ex, WebSocketUpgrade.switchingProtocols(ex.flow.response(), ex.clientVersion));
    ex.webSocket.start(session.channel, upstream.channel(), early);
  }

  /**
   * A hook answered the upgrade with a 101 (server replay): the websocket data it attached, if any,
   * plays the server's side, with no upstream at all.
   */
  private void replayWebSocket(Exchange ex) {
    WebSocketData recording = ex.flow.webSocket();
    dropUpstream(ex);
    handOver(ex, WebSocketUpgrade.replayedSwitchingProtocols(ex.flow.response(), ex.flow.request(), ex.clientVersion));
    new WebSocketRelay(session.context, ex.flow, session.channel.eventLoop())
        .startReplay(session.channel, RecordedWebSocketServer.open(), recording);
  }

  /** Ends the HTTP life of the connection: {@code answer} (a 101) goes out, and the websocket takes over. */
  private void handOver(Exchange ex, List<HttpObject> answer) {
    ex.phase = Exchange.Phase.DONE;
    ex.responseStarted = true;
    ex.cancelTimeout();
    session.current = null;
    session.tunnelled = true;
    session.releaseQueues();
    Messages.writeAll(session.channel, answer);
  }

  /** The response is out: the upstream connection is kept for the next flow or closed, and so is the client's. */
  void finishExchange(Exchange ex) {
    if (ex != session.current || session.ended) {
      return;
    }
    ex.phase = Exchange.Phase.DONE;
    ex.cancelTimeout();
    UpstreamConnection upstream = ex.upstream;
    if (upstream != null) {
      if (ex.upstreamReusable && upstream.isActive() && upstream.key() != null) {
        upstream.channel().read();
      } else {
        session.pool.remove(upstream.key(), upstream);
        upstream.channel().close();
      }
    }
    session.current = null;
    if (!ex.keepAlive) {
      session.closer.lingerThenClose(session.channel.newSucceededFuture());
      return;
    }
    session.pump();
  }

  /** Closes the upstream connection of {@code ex}, if any, and forgets it. */
  void dropUpstream(Exchange ex) {
    UpstreamConnection upstream = ex.upstream;
    if (upstream != null) {
      ex.upstream = null;
      session.pool.remove(upstream.key(), upstream);
      upstream.channel().close();
    }
  }
}
