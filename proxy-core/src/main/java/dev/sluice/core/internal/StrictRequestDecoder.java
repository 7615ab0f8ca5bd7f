package dev.sluice.core.internal;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, but a request with both {@code Transfer-Encoding: chunked} and
 * {@code Content-Length} is malformed (a request smuggling attempt) instead of silently
 * re-framed. Netty already rejects two different {@code Content-Length} values.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

  StrictRequestDecoder(int maxHeaderSize) {
    super(new HttpDecoderConfig()
        .setMaxInitialLineLength(Math.min(maxHeaderSize, 16 * 1024))
        .setMaxHeaderSize(maxHeaderSize)
        .setMaxChunkSize(ReadSizes.MAX));
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Transfer-Encoding and Content-Length are present");
  }
}
