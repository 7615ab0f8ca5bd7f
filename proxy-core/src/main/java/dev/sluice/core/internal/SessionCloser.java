package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.internal.FlowAccess;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayList;

/**
 * How the client connection of a {@link ClientSession} closes: when it idles, by lingering after
 * the last response, and, once the client is gone, by ending the session (every upstream closed,
 * the error event for an unfinished flow, then the disconnected event).
 */
final class SessionCloser {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private final ClientSession session;

  SessionCloser(ClientSession session) {
    this.session = session;
  }

  /**
   * The client sent nothing for the idle timeout: a tunnel still sniffing is abandoned, a
   * connection between flows closes, and a request whose body stalled fails with 408.
   */
  void onIdle() {
    if (session.sniffing && !session.closing) {
      session.tunnelAbandoned();
      return;
    }
    if (session.closing || session.ended || session.tunnelled || session.paused) {
      return;
    }
    Exchange ex = session.current;
    if (ex == null) {
      if (session.fromClient.isEmpty()) {
        session.closing = true;
        session.channel.close();
      }
    } else if (ex.phase == Exchange.Phase.REQUEST_BODY && (ex.requestSink != Exchange.Sink.STREAM
        || (ex.upstream != null && ex.upstream.channel().isWritable()))) {
      session.endings.failFlow(ex, FlowError.Kind.TIMEOUT, 408, "the client sent nothing for "
          + session.config.idleTimeout().toMillis() + " ms while its request was incomplete", true);
    }
  }

  /** After the last write: half-close, keep draining what the client still sends, then close. */
  void lingerThenClose(ChannelFuture lastWrite) {
    session.closing = true;
    Channel channel = session.channel;
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    if (tls != null) {
      lastWrite.addListener(f -> Linger.closeAfter(channel, channel.isActive() ? tls.closeOutbound() : lastWrite));
    } else {
      Linger.closeAfter(channel, lastWrite);
    }
  }

  /**
   * The client is gone: releases everything, then runs the error event of an unfinished flow and
   * the disconnected event.
   */
  void endSession() {
    if (session.ended) {
      return;
    }
    session.ended = true;
    Exchange ex = session.current;
    session.current = null;
    session.releaseQueues();
    for (UpstreamConnection upstream : new ArrayList<>(session.pool.values())) {
      upstream.channel().close();
    }
    session.pool.clear();
    if (ex != null) {
      ex.cancelTimeout();
      session.endings.dropUpstream(ex);
    }
    if (ex != null && ex.phase != Exchange.Phase.DONE && ex.phase != Exchange.Phase.WRITING) {
      ex.phase = Exchange.Phase.DONE;
      FLOWS.setError(ex.flow, FlowError.of(FlowError.Kind.CLIENT_ABORTED,
          "client " + session.client.peer() + " disconnected before the flow was complete"));
      session.fireError(ex, this::fireDisconnected);
    } else {
      fireDisconnected();
    }
  }

  private void fireDisconnected() {
    session.context.hooks().run(HookEvent.CLIENT_DISCONNECTED, session.client, session.channel.eventLoop(),
        session.replay::finished);
  }
}
