package dev.sluice.core.internal;

import dev.sluice.api.Headers;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The HTTP/1.1 side of a websocket: spotting an upgrade request, keeping the upgrade headers that a
 * proxy otherwise drops as hop-by-hop, and switching both pipelines from HTTP to websocket frames.
 *
 * <p>Extensions ({@code permessage-deflate}) are stripped: the offer is removed from the request,
 * so neither side uses one and every frame can be read and rewritten as it is.
 */
final class WebSocketUpgrade {

  static final String EXTENSIONS = "Sec-WebSocket-Extensions";
  private static final String KEY = "Sec-WebSocket-Key";
  private static final String ACCEPT = "Sec-WebSocket-Accept";
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final String ENCODER = "ws-encoder";
  private static final String DECODER = "ws-decoder";
  private static final String UTF8 = "ws-utf8";
  private static final String SIDE = "ws-side";

  private WebSocketUpgrade() {}

  /** Whether {@code head} asks to upgrade to a websocket. */
  static boolean isRequest(io.netty.handler.codec.http.HttpRequest head) {
    HttpHeaders headers = head.headers();
    return head.method().equals(HttpMethod.GET)
        && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /** Removes the extension offer from a websocket request, so that no side uses an extension. */
  static void stripExtensions(Headers headers) {
    headers.remove(EXTENSIONS);
  }

  /** Puts back the upgrade fields on a head that goes to the other side. */
  static void keepUpgradeHeaders(HttpHeaders headers) {
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    headers.remove(EXTENSIONS);
  }

  /** A hook's 101 for the client: as {@link #switchingProtocols}, accepting the client's own key. */
  static List<HttpObject> replayedSwitchingProtocols(HttpResponse response, HttpRequest request,
      String clientVersion) {
    List<HttpObject> out = switchingProtocols(response, clientVersion);
    String key = request.headers().get(KEY);
    if (key != null) {
      ((io.netty.handler.codec.http.HttpResponse) out.get(0)).headers().set(ACCEPT, accept(key));
    }
    return out;
  }

  /** The {@code Sec-WebSocket-Accept} value for a client's {@code key} (RFC 6455, section 4.2.2). */
  static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder().encodeToString(sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  /** The 101 answer for the client, with its upgrade fields. */
  static List<HttpObject> switchingProtocols(HttpResponse response, String clientVersion) {
    List<HttpObject> out = Messages.wholeResponse(response, true, true, clientVersion);
    keepUpgradeHeaders(((io.netty.handler.codec.http.HttpResponse) out.get(0)).headers());
    return out;
  }

  /**
   * Replaces the client's HTTP codec by websocket frame codecs (frames from a client are masked)
   * ending in {@code side}; the connection handler stays last, to see the connection close.
   */
  static void switchClient(Channel client, WebSocketSide side, int maxFrameSize) {
    ChannelPipeline pipeline = client.pipeline();
    pipeline.addBefore(Http1Connection.NAME, ENCODER, new WebSocket08FrameEncoder(false));
    pipeline.addBefore(Http1Connection.NAME, DECODER, new WebSocket08FrameDecoder(decoderConfig(true, maxFrameSize)));
    pipeline.addBefore(Http1Connection.NAME, UTF8, new Utf8FrameValidator(true));
    pipeline.addBefore(Http1Connection.NAME, SIDE, side);
    pipeline.remove(ClientPipeline.IDLE);
    pipeline.remove(ClientPipeline.ENCODER);
    pipeline.remove(ClientPipeline.DECODER);
  }

  /**
   * Replaces the upstream's HTTP codec by websocket frame codecs (frames to a server are masked)
   * ending in {@code side}, then feeds it {@code early}: the bytes read after the 101.
   */
  static void switchUpstream(Channel server, WebSocketSide side, int maxFrameSize, List<Object> early) {
    ChannelPipeline pipeline = server.pipeline();
    pipeline.addBefore(UpstreamPipeline.CONNECTION, ENCODER, new WebSocket08FrameEncoder(true));
    pipeline.addBefore(UpstreamPipeline.CONNECTION, DECODER,
        new WebSocket08FrameDecoder(decoderConfig(false, maxFrameSize)));
    pipeline.addBefore(UpstreamPipeline.CONNECTION, UTF8, new Utf8FrameValidator(true));
    pipeline.addBefore(UpstreamPipeline.CONNECTION, SIDE, side);
    pipeline.remove(UpstreamPipeline.CONNECTION);
    pipeline.remove(UpstreamPipeline.CODEC);
    ChannelHandlerContext tls = pipeline.context(UpstreamPipeline.TLS);
    for (Object message : early) {
      if (!(message instanceof ByteBuf bytes)) {
        ReferenceCountUtil.release(message);
      } else if (tls != null) {
        tls.fireChannelRead(bytes);
      } else {
        pipeline.fireChannelRead(bytes);
      }
    }
  }

  private static WebSocketDecoderConfig decoderConfig(boolean fromClient, int maxFrameSize) {
    return WebSocketDecoderConfig.newBuilder()
        .expectMaskedFrames(fromClient)
        .allowMaskMismatch(false)
        .allowExtensions(false)
        .maxFramePayloadLength(maxFrameSize)
        .closeOnProtocolViolation(true)
        .build();
  }
}
