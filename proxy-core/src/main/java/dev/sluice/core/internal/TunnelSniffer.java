package dev.sluice.core.internal;

import dev.sluice.core.internal.tls.FirstBytes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first handler of a client pipeline while the proxy does not yet know what the client speaks
 * (after {@code CONNECT}, or on a new connection): it holds the first bytes until they tell a TLS
 * ClientHello, an HTTP/2 preface, an HTTP request or anything else apart, then tells its listener once.
 * The listener replaces or removes this handler; the bytes held go on to whatever comes next.
 */
final class TunnelSniffer extends ByteToMessageDecoder {

  /** The name of this handler in the client pipeline. */
  static final String NAME = "sniffer";

  /** What to do with each kind of first bytes; called once, on the event loop. */
  interface Listener {
    void tls(ChannelHandlerContext ctx, FirstBytes.Peek peek);

    void http(ChannelHandlerContext ctx);

    /** The HTTP/2 connection preface: HTTP/2 with prior knowledge. */
    void http2(ChannelHandlerContext ctx);

    void other(ChannelHandlerContext ctx);

    /** The client left before its first bytes told anything. */
    void closed();
  }

  private final Listener listener;
  private boolean decided;

  TunnelSniffer(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    super.channelInactive(ctx);
    if (!decided) {
      decided = true;
      listener.closed();
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (decided) {
      return;
    }
    FirstBytes.Peek peek = FirstBytes.peek(in, ctx.alloc());
    switch (peek.kind()) {
      case NEED_MORE -> ctx.read();
      case TLS -> {
        decided = true;
        listener.tls(ctx, peek);
      }
      case HTTP -> {
        decided = true;
        listener.http(ctx);
      }
      case HTTP2 -> {
        decided = true;
        listener.http2(ctx);
      }
      case OTHER -> {
        decided = true;
        listener.other(ctx);
      }
    }
  }
}
