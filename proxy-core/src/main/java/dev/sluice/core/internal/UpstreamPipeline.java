package dev.sluice.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;

/** The pipeline of an upstream connection: TLS if asked for, an HTTP/1 client codec (unless raw bytes), then the connection. */
final class UpstreamPipeline extends ChannelInitializer<Channel> {

  static final String CODEC = "codec";
  static final String CONNECTION = "upstream";
  static final String TLS = "tls";

  private final UpstreamConnection connection;
  private final int maxHeaderSize;
  private final SslHandler tls;

  /**
   * With {@code maxHeaderSize} 0 the channel carries raw bytes (a tunnel) and has no codec; with
   * {@code tls} (or null) it speaks TLS.
   */
  UpstreamPipeline(UpstreamConnection connection, int maxHeaderSize, SslHandler tls) {
    this.connection = connection;
    this.maxHeaderSize = maxHeaderSize;
    this.tls = tls;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (tls != null) {
      ch.pipeline().addLast(TLS, tls);
    }
    if (maxHeaderSize > 0) {
      ch.pipeline().addLast(CODEC, codec(maxHeaderSize));
    }
    ch.pipeline().addLast(CONNECTION, connection);
  }

  /**
   * Makes {@code raw}, a connected channel carrying raw bytes, carry HTTP in TLS from now on, for
   * {@code connection}, which takes the place of its connection handler: the pipeline is then as
   * one set up for HTTP with {@code tls}. Adding {@code tls} starts its handshake.
   */
  static void upgrade(Channel raw, SslHandler tls, int maxHeaderSize, UpstreamConnection connection) {
    raw.pipeline().replace(CONNECTION, CONNECTION, connection);
    raw.pipeline().addBefore(CONNECTION, CODEC, codec(maxHeaderSize));
    raw.pipeline().addFirst(TLS, tls);
  }

  private static HttpClientCodec codec(int maxHeaderSize) {
    return new HttpClientCodec(new HttpDecoderConfig()
        .setMaxHeaderSize(maxHeaderSize)
        .setMaxInitialLineLength(Math.min(maxHeaderSize, 16 * 1024))
        .setMaxChunkSize(ReadSizes.MAX), false, false);
  }
}
