package dev.sluice.core.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * The rules of RFC 9113 (section 8) a request stream must keep before anything of it is taken:
 * the pseudo-headers a request needs, no connection-specific header, and a body exactly as long as
 * its {@code content-length}. A stream that breaks one is reset with {@code PROTOCOL_ERROR} and
 * nothing more of it goes on, so no translated request can carry framing the client did not send.
 */
final class Http2RequestRules extends ChannelInboundHandlerAdapter {

  private static final List<AsciiString> CONNECTION_SPECIFIC = List.of(AsciiString.of("connection"),
      AsciiString.of("keep-alive"), AsciiString.of("proxy-connection"), AsciiString.of("transfer-encoding"),
      AsciiString.of("upgrade"));

  private boolean headersSeen;
  private long declaredLength = -1;
  private long received;
  private boolean broken;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (broken) {
      ReferenceCountUtil.release(msg);
      return;
    }
    String violation = null;
    boolean end = false;
    if (msg instanceof Http2HeadersFrame frame) {
      if (!headersSeen) {
        headersSeen = true;
        violation = violation(frame.headers());
      }
      end = frame.isEndStream();
    } else if (msg instanceof Http2DataFrame data) {
      received += data.content().readableBytes();
      if (declaredLength >= 0 && received > declaredLength) {
        violation = "more body than its content-length";
      }
      end = data.isEndStream();
    }
    if (violation == null && end && declaredLength >= 0 && received != declaredLength) {
      violation = "a body of " + received + " bytes where content-length says " + declaredLength;
    }
    if (violation != null) {
      broken = true;
      ReferenceCountUtil.release(msg);
      // the reset ends the stream, and Netty closes its channel
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** What is wrong with a request's header block, or null. */
  private String violation(Http2Headers headers) {
    if (headers.method() == null) {
      return "no :method";
    }
    boolean connect = AsciiString.contentEquals(headers.method(), "CONNECT");
    if (!connect && (headers.scheme() == null || headers.path() == null || headers.path().length() == 0)) {
      return "no :scheme or :path";
    }
    for (AsciiString name : CONNECTION_SPECIFIC) {
      if (headers.contains(name)) {
        return "connection-specific header " + name;
      }
    }
    CharSequence te = headers.get("te");
    if (te != null && !AsciiString.contentEqualsIgnoreCase(te, "trailers")) {
      return "te other than trailers";
    }
    CharSequence length = headers.get("content-length");
    if (length != null) {
      try {
        declaredLength = Long.parseLong(length.toString().trim());
      } catch (NumberFormatException e) {
        return "content-length is no number";
      }
      if (declaredLength < 0) {
        return "content-length is negative";
      }
    }
    return null;
  }
}
