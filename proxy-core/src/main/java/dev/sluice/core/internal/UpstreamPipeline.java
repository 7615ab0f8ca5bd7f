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
      ch.pipeline().addLast(CODEC, new HttpClientCodec(new HttpDecoderConfig()
          .setMaxHeaderSize(maxHeaderSize)
          .setMaxInitialLineLength(Math.min(maxHeaderSize, 16 * 1024))
          .setMaxChunkSize(64 * 1024), false, false));
    }
    ch.pipeline().addLast(CONNECTION, connection);
  }
}
