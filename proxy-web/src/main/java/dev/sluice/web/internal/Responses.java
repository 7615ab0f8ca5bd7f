package dev.sluice.web.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The web view's answers: every one uncached, not to be sniffed, framed or given a referrer, with
 * the page's content security policy; a request that is not kept alive is closed after its answer.
 */
final class Responses {

  private final String policy;

  Responses(String policy) {
    this.policy = policy;
  }

  /** Sends {@code body} with {@code status} and {@code contentType}. */
  void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String contentType, byte[] body) {
    write(ctx, keepAlive, response(status, contentType, body));
  }

  /** Sends {@code json} (JSON text). */
  void json(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
    send(ctx, keepAlive, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code {"error": message}} with {@code status}. */
  void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String message) {
    json(ctx, keepAlive, status, ScriptSafeJson.write(ScriptSafeJson.object().put("error", message)));
  }

  /** Sends {@code body} as a download named {@code fileName}. */
  void download(ChannelHandlerContext ctx, boolean keepAlive, String contentType, String fileName, byte[] body) {
    FullHttpResponse response = response(HttpResponseStatus.OK, contentType, body);
    response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    write(ctx, keepAlive, response);
  }

  private FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    secure(response.headers()).set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Adds the headers every answer carries to {@code headers}; returns them. */
  HttpHeaders secure(HttpHeaders headers) {
    return headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Content-Security-Policy", policy);
  }

  /** The head of a stream of server-sent events, whose body never ends. */
  HttpResponse eventStreamHead() {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    secure(head.headers()).set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    HttpUtil.setTransferEncodingChunked(head, true);
    return head;
  }
}
