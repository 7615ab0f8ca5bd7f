package dev.sluice.replay;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.Message;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.TlsInfo;
import dev.sluice.api.WebSocketMessage;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Every stored part of a flow as text, so two flows compare field by field with readable diffs. */
final class FlowDescriptions {

  private FlowDescriptions() {}

  static List<String> describe(List<Flow> flows) {
    return flows.stream().map(FlowDescriptions::describe).toList();
  }

  static String describe(Flow f) {
    StringBuilder s = new StringBuilder();
    s.append("id=").append(f.id()).append(" created=").append(f.timestampCreated())
        .append(" marker=").append(f.marker()).append(" comment=").append(f.comment())
        .append(" replay=").append(f.replay()).append(" killed=").append(f.isKilled())
        .append(" metadata=").append(new java.util.TreeMap<>(f.metadata())).append('\n');
    s.append("client ").append(client(f.client())).append('\n');
    s.append("server ").append(server(f.server())).append('\n');
    s.append("request ").append(f.request().method()).append(' ').append(f.request().scheme()).append("://")
        .append(f.request().host()).append(':').append(f.request().port()).append(' ')
        .append(f.request().path()).append(" authority=").append(f.request().authority()).append('\n');
    message(s, f.request());
    if (f.response() != null) {
      s.append("response ").append(f.response().statusCode()).append(' ').append(f.response().reason())
          .append(" source=").append(f.response().source()).append('\n');
      message(s, f.response());
    }
    if (f.error() != null) {
      s.append("error ").append(f.error()).append('\n');
    }
    if (f.webSocket() != null) {
      s.append("websocket closedByClient=").append(f.webSocket().closedByClient()).append(" code=")
          .append(f.webSocket().closeCode()).append(" reason=").append(f.webSocket().closeReason()).append('\n');
      for (WebSocketMessage m : f.webSocket().messages()) {
        s.append("  ").append(m.fromClient()).append(' ').append(m.type()).append(' ').append(m.timestamp())
            .append(' ').append(Base64.getEncoder().encodeToString(m.content())).append('\n');
      }
    }
    return s.toString();
  }

  private static void message(StringBuilder s, Message m) {
    s.append("  ").append(m.httpVersion()).append(" start=").append(m.timestampStart()).append(" end=")
        .append(m.timestampEnd()).append(" streamed=").append(m.isStreamed()).append('\n');
    s.append("  headers ").append(m.headers().fields()).append('\n');
    s.append("  trailers ").append(m.trailers() == null ? null : m.trailers().fields()).append('\n');
    s.append("  body ").append(Base64.getEncoder().encodeToString(m.rawContent())).append('\n');
  }

  private static String client(ClientConnection c) {
    return c.id() + " " + c.peer() + " " + c.local() + " " + c.timestampStart() + " " + tls(c.tls());
  }

  private static String server(ServerConnection c) {
    return c == null ? "none" : c.id() + " " + c.host() + ":" + c.port() + " " + c.peer() + " "
        + c.timestampStart() + " " + tls(c.tls());
  }

  private static String tls(TlsInfo tls) {
    return tls == null ? "plain" : tls.sni() + "/" + tls.alpn() + "/" + tls.protocol() + "/" + tls.cipherSuite()
        + "/" + tls.peerCertificates().stream().map(c -> c.getSubjectX500Principal().getName())
            .collect(Collectors.joining(","));
  }
}
