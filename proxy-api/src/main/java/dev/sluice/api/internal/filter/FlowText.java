package dev.sluice.api.internal.filter;

import dev.sluice.api.Headers;
import dev.sluice.api.Flow;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcMessage;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Message;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The parts of a flow that the regex operators search, read as mitmproxy reads them. */
final class FlowText {

  /** mitmproxy's asset types: searched (unanchored, case-sensitive) in the response's Content-Type. */
  private static final List<Pattern> ASSET_TYPES = List.of(
      Pattern.compile("text/javascript"), Pattern.compile("application/x-javascript"),
      Pattern.compile("application/javascript"), Pattern.compile("text/css"),
      Pattern.compile("image/.*"), Pattern.compile("font/.*"), Pattern.compile("application/font.*"));

  private FlowText() {}

  static boolean isAsset(Flow flow) {
    if (!flow.hasResponse()) {
      return false;
    }
    for (Pattern type : ASSET_TYPES) {
      if (contentType(type, flow.response())) {
        return true;
      }
    }
    return false;
  }

  /** Whether any {@code Content-Type} field of {@code message} contains a match. */
  static boolean contentType(Pattern pattern, Message message) {
    if (message == null) {
      return false;
    }
    for (Headers.Field field : message.headers()) {
      if (field.name().equalsIgnoreCase("Content-Type") && pattern.matcher(field.value()).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the header block of {@code message} ({@code Name: value\r\n} lines) contains a match. */
  static boolean headers(Pattern pattern, Message message) {
    return message != null && pattern.matcher(message.headers().toString()).find();
  }

  /**
   * Whether the body of {@code message} contains a match: the decoded body, or the raw one when
   * it does not decode.
   */
  static boolean body(Pattern pattern, Message message) {
    if (message == null) {
      return false;
    }
    ByteChars body;
    try {
      body = new ByteChars(message.contentBuffer());
    } catch (IllegalStateException undecodable) {
      body = new ByteChars(message.rawContentBuffer());
    }
    return pattern.matcher(body).find();
  }

  /**
   * Whether a websocket message of the flow, or a message of its live gRPC call (decompressed),
   * from the client or from the server, contains a match.
   */
  static boolean messages(Pattern pattern, Flow flow, boolean fromClient, boolean fromServer) {
    WebSocketData webSocket = flow.webSocket();
    GrpcCall call = flow instanceof HttpFlow live ? live.grpc() : null;
    return (webSocket != null && anyMatch(pattern, webSocket.messages(), WebSocketMessage::fromClient,
        WebSocketMessage::contentBuffer, fromClient, fromServer))
        || (call != null && anyMatch(pattern, call.messages(), GrpcMessage::fromClient, GrpcMessage::contentBuffer,
        fromClient, fromServer));
  }

  private static <M> boolean anyMatch(Pattern pattern, List<M> messages, Predicate<M> sentByClient,
      Function<M, ByteBuffer> content, boolean fromClient, boolean fromServer) {
    for (M message : messages) {
      boolean wanted = sentByClient.test(message) ? fromClient : fromServer;
      if (wanted && pattern.matcher(new ByteChars(content.apply(message))).find()) {
        return true;
      }
    }
    return false;
  }

  /** The client's address as {@code ip:port}, IPv6 in its short form without brackets. */
  static String source(Flow flow) {
    InetSocketAddress peer = flow.client().peer();
    InetAddress address = peer.getAddress();
    String host = address == null ? peer.getHostString() : ipText(address);
    return host + ":" + peer.getPort();
  }

  /** The address the proxy connects to as {@code host:port}, or {@code null} when there is no server. */
  static String destination(Flow flow) {
    ServerConnection server = flow.server();
    return server == null ? null : server.host() + ":" + server.port();
  }

  /** An IP address as text; IPv6 in RFC 5952 form (longest run of zero groups as {@code ::}). */
  static String ipText(InetAddress address) {
    String text = address.getHostAddress();
    if (!(address instanceof Inet6Address)) {
      return text;
    }
    int percent = text.indexOf('%');
    String scope = percent < 0 ? "" : text.substring(percent);
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int length = 0;
      while (i + length < 8 && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = i;
        bestLength = length;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.append(scope).toString();
  }
}
