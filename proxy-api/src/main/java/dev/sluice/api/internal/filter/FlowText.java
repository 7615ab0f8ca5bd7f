package dev.sluice.api.internal.filter;

import dev.sluice.api.Headers;
import dev.sluice.api.Flow;
import dev.sluice.api.Message;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
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

  /** Whether a websocket message of the flow, from the client or from the server, contains a match. */
  static boolean webSocket(Pattern pattern, Flow flow, boolean fromClient, boolean fromServer) {
    WebSocketData webSocket = flow.webSocket();
    if (webSocket == null) {
      return false;
    }
    for (WebSocketMessage message : webSocket.messages()) {
      boolean wanted = message.fromClient() ? fromClient : fromServer;
      if (wanted && pattern.matcher(new ByteChars(message.contentBuffer())).find()) {
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
