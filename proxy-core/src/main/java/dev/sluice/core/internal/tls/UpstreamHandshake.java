package dev.sluice.core.internal.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;

/** Completes an upstream connection attempt only once its TLS handshake is done too. */
public final class UpstreamHandshake {

  /** A TLS handshake with an upstream server that failed; the message is the reason. */
  public static final class FailedException extends IOException {
    private static final long serialVersionUID = 1L;

    FailedException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private UpstreamHandshake() {}

  /**
   * {@code connecting}, completed after the handshake of {@code tls}; a failed handshake fails it
   * with a {@link FailedException} and closes the channel.
   */
  public static Future<Channel> after(Future<Channel> connecting, SslHandler tls, EventExecutor loop) {
    Promise<Channel> promise = loop.newPromise();
    connecting.addListener((Future<Channel> connected) -> {
      if (!connected.isSuccess()) {
        promise.tryFailure(connected.cause());
        return;
      }
      Channel channel = connected.getNow();
      tls.handshakeFuture().addListener(handshake -> {
        if (handshake.isSuccess()) {
          promise.trySuccess(channel);
        } else {
          channel.close();
          promise.tryFailure(new FailedException(TlsInfos.reason(handshake.cause()), handshake.cause()));
        }
      });
      channel.read();
    });
    return promise;
  }
}
