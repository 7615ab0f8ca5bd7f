package dev.sluice.core.internal;

import dev.sluice.api.Headers;
import dev.sluice.api.HttpMessage;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.api.internal.Hosts;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between Netty's HTTP objects and the model: received messages keep their headers as on
 * the wire; messages written to the other side lose the hop-by-hop fields and get the framing
 * ({@code Content-Length} or chunked) that fits the body and the peer.
 */
final class Messages {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private static final Set<String> NOT_FORWARDED_IN_REQUESTS = Set.of("expect");

  private Messages() {}

  /** The header fields of a received message, in wire order and case. */
  static Headers headers(HttpHeaders netty) {
    Headers headers = Headers.create();
    for (Map.Entry<String, String> field : netty) {
      headers.add(field.getKey(), field.getValue());
    }
    return headers;
  }

  /** The trailer fields of a received last chunk, or null when it has none. */
  static Headers trailers(LastHttpContent last) {
    return last.trailingHeaders().isEmpty() ? null : headers(last.trailingHeaders());
  }

  /** The model of a received request head (no body yet). */
  static HttpRequest request(io.netty.handler.codec.http.HttpRequest head, RequestTarget target) {
    return Request.builder()
        .method(head.method().name())
        .scheme(target.scheme())
        .host(target.host())
        .port(target.port())
        .authority(target.authority())
        .path(target.path())
        .httpVersion(head.protocolVersion().text())
        .headers(headers(head.headers()))
        .build();
  }

  /** The model of a received response head (no body yet). */
  static HttpResponse response(io.netty.handler.codec.http.HttpResponse head) {
    return Response.builder()
        .status(head.status().code())
        .reason(head.status().reasonPhrase())
        .httpVersion(head.protocolVersion().text())
        .headers(headers(head.headers()))
        .source(ResponseSource.UPSTREAM)
        .timestampStart(Instant.now())
        .build();
  }

  /**
   * Sets a received body and trailers on {@code message} without touching its header fields (the
   * model's setters would fix {@code Content-Length}; the flow keeps what came over the wire).
   */
  static void setReceivedBody(HttpMessage message, byte[] body, Headers trailers) {
    FLOWS.setReceivedContent(message, body);
    if (trailers != null && !trailers.isEmpty()) {
      message.setTrailers(trailers);
    }
    FLOWS.setTimestampEnd(message, Instant.now());
  }

  /**
   * A whole request for the upstream: head with {@code target} as request-target, body, trailers.
   * A {@code Host} field is added when the request has none.
   */
  static List<HttpObject> wholeRequest(HttpRequest request, String target) {
    HttpHeaders headers = requestHeaders(request);
    byte[] body = FLOWS.rawContentShared(request);
    boolean chunked = hasTrailers(request) && isHttp11(request.httpVersion());
    boolean framed = body.length > 0 || request.headers().contains("Content-Length")
        || request.headers().contains("Transfer-Encoding");
    setFraming(headers, chunked, framed, body.length);
    return whole(requestHead(request, target, headers), request, body, chunked);
  }

  /** The head of a streamed request for the upstream, keeping the received framing. */
  static io.netty.handler.codec.http.HttpRequest streamedRequestHead(HttpRequest request, String target) {
    HttpHeaders headers = requestHeaders(request);
    boolean transformed = request.streamTransformer() != null;
    if (request.headers().contains("Transfer-Encoding") || (transformed && hasLength(request.headers()))) {
      keepReceivedFraming(headers, request, transformed || isHttp11(request.httpVersion()));
    } else if (request.httpVersion().startsWith("HTTP/2") && !hasLength(request.headers())) {
      // an HTTP/2 body of unknown length ends with its stream: chunked is how HTTP/1.1 says so
      headers.set("Transfer-Encoding", HttpHeaderValues.CHUNKED);
    }
    return requestHead(request, target, headers);
  }

  /**
   * A whole response for the client.
   *
   * @param bodyless whether the response must not carry a body (HEAD request, 1xx, 204, 304)
   * @param keepAlive whether the client connection stays open afterwards
   * @param clientVersion the client's HTTP version
   */
  static List<HttpObject> wholeResponse(HttpResponse response, boolean bodyless, boolean keepAlive,
      String clientVersion) {
    HttpHeaders headers = HopByHop.forward(response.headers(), Set.of());
    byte[] body = bodyless ? new byte[0] : FLOWS.rawContentShared(response);
    boolean chunked = !bodyless && hasTrailers(response) && isHttp11(clientVersion)
        && isHttp11(response.httpVersion());
    if (!bodyless) {
      setFraming(headers, chunked, true, body.length);
    }
    setConnection(headers, keepAlive, clientVersion);
    return whole(responseHead(response, headers), response, body, chunked);
  }

  /** The proxy's own plain-text answer for an error: {@code status}, with {@code message} as the body. */
  static HttpResponse errorResponse(int status, String message) {
    return Response.of(status, "text/plain", "Sluice: " + message + "\n");
  }

  /** Writes the parts of one message to {@code ch} and flushes; the future of the last write. */
  static ChannelFuture writeAll(Channel ch, List<HttpObject> objects) {
    for (int i = 0; i < objects.size() - 1; i++) {
      ch.write(objects.get(i));
    }
    return ch.writeAndFlush(objects.get(objects.size() - 1));
  }


  /**
   * The head of a streamed response for the client. Without a {@code Content-Length} the body is
   * chunked for an HTTP/1.1 client, else delimited by closing the connection ({@code keepAlive}
   * must then be false: see {@link #needsClose}).
   */
  static io.netty.handler.codec.http.HttpResponse streamedResponseHead(HttpResponse response, boolean bodyless,
      boolean keepAlive, String clientVersion) {
    HttpHeaders headers = HopByHop.forward(response.headers(), Set.of());
    if (!bodyless) {
      keepReceivedFraming(headers, response, isHttp11(clientVersion) && isHttp11(response.httpVersion()));
    }
    setConnection(headers, keepAlive, clientVersion);
    return responseHead(response, headers);
  }

  /** Whether a streamed {@code response} can only be delimited by closing the client connection. */
  static boolean needsClose(HttpResponse response, boolean bodyless, String clientVersion) {
    return !bodyless && !keepsLength(response) && !(isHttp11(clientVersion) && isHttp11(response.httpVersion()));
  }

  /** The body length {@code message}'s head declares: its {@code Content-Length} (without chunking), else -1. */
  static long declaredLength(HttpMessage message) {
    if (!hasLength(message.headers())) {
      return -1;
    }
    try {
      return Long.parseLong(message.headers().get("Content-Length").trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether {@code message} belongs to a gRPC or gRPC-Web call ({@code Content-Type: application/grpc},
   * with any suffix): its body is streamed.
   */
  static boolean isGrpc(HttpMessage message) {
    String type = message.headers().get("Content-Type");
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, "application/grpc".length());
  }

  /** Whether a response to {@code method} with {@code status} never has a body. */
  static boolean isBodyless(String method, int status) {
    return method.equals("HEAD") || status < 200 || status == 204 || status == 304;
  }

  private static HttpHeaders requestHeaders(HttpRequest request) {
    HttpHeaders headers = HopByHop.forward(request.headers(), NOT_FORWARDED_IN_REQUESTS);
    if (!headers.contains("Host")) {
      headers.set("Host", Hosts.hostHeader(request.scheme(), request.host(), request.port()));
    }
    return headers;
  }

  private static io.netty.handler.codec.http.HttpRequest requestHead(HttpRequest request, String target,
      HttpHeaders headers) {
    return new DefaultHttpRequest(onTheWire(request.httpVersion()), HttpMethod.valueOf(request.method()), target, headers);
  }

  private static io.netty.handler.codec.http.HttpResponse responseHead(HttpResponse response, HttpHeaders headers) {
    return new DefaultHttpResponse(onTheWire(response.httpVersion()),
        new HttpResponseStatus(response.statusCode(), response.reason()), headers);
  }

  /** The HTTP/1 version a message of {@code version} goes out as: HTTP/1.0 stays, HTTP/2 is translated to HTTP/1.1. */
  private static HttpVersion onTheWire(String version) {
    return version.equals("HTTP/1.0") ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
  }

  private static List<HttpObject> whole(HttpObject head, HttpMessage message, byte[] body, boolean chunked) {
    if (body.length == 0 && !chunked) {
      // one object: over HTTP/2 a single HEADERS frame that ends the stream (a gRPC trailers-only answer needs it)
      return List.of(head instanceof io.netty.handler.codec.http.HttpRequest request
          ? new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(), Unpooled.EMPTY_BUFFER,
              request.headers(), EmptyHttpHeaders.INSTANCE)
          : fullResponse((io.netty.handler.codec.http.HttpResponse) head));
    }
    List<HttpObject> out = new ArrayList<>(3);
    out.add(head);
    if (body.length > 0) {
      out.add(new DefaultHttpContent(Unpooled.wrappedBuffer(body)));
    }
    if (chunked) {
      LastHttpContent last = new DefaultLastHttpContent();
      for (Headers.Field field : message.trailers()) {
        last.trailingHeaders().add(field.name(), field.value());
      }
      out.add(last);
    } else {
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    return out;
  }

  private static HttpObject fullResponse(io.netty.handler.codec.http.HttpResponse head) {
    return new DefaultFullHttpResponse(head.protocolVersion(), head.status(), Unpooled.EMPTY_BUFFER, head.headers(),
        EmptyHttpHeaders.INSTANCE);
  }

  private static void setFraming(HttpHeaders headers, boolean chunked, boolean framed, int length) {
    headers.remove("Content-Length");
    if (chunked) {
      headers.set("Transfer-Encoding", HttpHeaderValues.CHUNKED);
    } else if (framed) {
      headers.set("Content-Length", length);
    }
  }

  private static void keepReceivedFraming(HttpHeaders headers, HttpMessage received, boolean chunkedAllowed) {
    if (keepsLength(received)) {
      return;
    }
    headers.remove("Content-Length");
    if (chunkedAllowed) {
      headers.set("Transfer-Encoding", HttpHeaderValues.CHUNKED);
    }
  }

  /** Whether streamed {@code message} goes out with its received {@code Content-Length} (not when transformed). */
  private static boolean keepsLength(HttpMessage message) {
    return hasLength(message.headers()) && message.streamTransformer() == null;
  }

  private static boolean hasLength(Headers headers) {
    return headers.contains("Content-Length") && !headers.contains("Transfer-Encoding");
  }

  private static void setConnection(HttpHeaders headers, boolean keepAlive, String clientVersion) {
    if (!keepAlive) {
      headers.set("Connection", HttpHeaderValues.CLOSE);
    } else if (!isHttp11(clientVersion)) {
      headers.set("Connection", HttpHeaderValues.KEEP_ALIVE);
    }
  }

  private static boolean hasTrailers(HttpMessage message) {
    return message.trailers() != null && !message.trailers().isEmpty();
  }

  /** Whether {@code version} has persistent connections, chunking and trailers by default: HTTP/1.1, or HTTP/2 (translated). */
  static boolean isHttp11(String version) {
    return version.equals("HTTP/1.1") || version.startsWith("HTTP/2");
  }
}
