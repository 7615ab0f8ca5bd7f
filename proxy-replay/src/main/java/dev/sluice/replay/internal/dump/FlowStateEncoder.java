package dev.sluice.replay.internal.dump;

import static dev.sluice.replay.internal.dump.StateValues.seconds;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import dev.sluice.api.Message;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.TlsInfo;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.replay.internal.FlowParts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of a flow in format {@value #VERSION}, the newest that Debian's mitmproxy 8.1.1
 * reads and that every newer mitmproxy migrates forward itself.
 */
final class FlowStateEncoder {

  /** The format written. */
  static final int VERSION = 17;

  private FlowStateEncoder() {}

  static Map<String, Object> encode(Flow flow) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", flow.id());
    s.put("error", error(flow));
    s.put("client_conn", client(flow.client()));
    s.put("server_conn", server(flow.server()));
    s.put("intercepted", false);
    s.put("is_replay", flow.replay() == null ? null : flow.replay() == ReplayKind.REQUEST ? "request" : "response");
    s.put("marked", flow.marker());
    s.put("metadata", StateValues.json(flow.metadata()));
    s.put("comment", flow.comment());
    s.put("timestamp_created", seconds(flow.timestampCreated()));
    s.put("request", request(flow.request()));
    s.put("response", flow.response() == null ? null : response(flow.response()));
    s.put("websocket", flow.webSocket() == null ? null : webSocket(flow.webSocket()));
    s.put("version", VERSION);
    s.put("type", "http");
    return s;
  }

  private static Map<String, Object> error(Flow flow) {
    FlowError error = flow.error();
    if (error == null && !flow.isKilled()) {
      return null;
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("msg", error == null ? FlowParts.KILLED_MESSAGE : error.message());
    s.put("timestamp", seconds(error == null ? Instant.now() : error.timestamp()));
    return s;
  }

  private static Map<String, Object> request(Request r) {
    Map<String, Object> s = message(r);
    s.put("host", r.host());
    s.put("port", r.port());
    s.put("method", ascii(r.method()));
    s.put("scheme", ascii(r.scheme()));
    s.put("authority", ascii(r.authority()));
    s.put("path", ascii(r.method().equals("CONNECT") && r.path().equals("*") ? "" : r.path()));
    return s;
  }

  private static Map<String, Object> response(Response r) {
    Map<String, Object> s = message(r);
    s.put("status_code", r.statusCode());
    s.put("reason", latin1(r.reason()));
    return s;
  }

  private static Map<String, Object> message(Message m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("http_version", ascii(m.httpVersion()));
    s.put("headers", headers(m.headers()));
    s.put("content", m.isStreamed() && m.rawContentLength() == 0 ? null : m.rawContent());
    s.put("trailers", m.trailers() == null ? null : headers(m.trailers()));
    s.put("timestamp_start", seconds(m.timestampStart()));
    s.put("timestamp_end", seconds(m.timestampEnd()));
    return s;
  }

  private static List<Object> headers(Headers headers) {
    List<Object> fields = new ArrayList<>(headers.size());
    for (Headers.Field field : headers) {
      fields.add(List.of(latin1(field.name()), latin1(field.value())));
    }
    return fields;
  }

  private static Map<String, Object> client(ClientConnection c) {
    Map<String, Object> s = new LinkedHashMap<>();
    TlsInfo tls = c.tls();
    s.put("address", address(c.peer()));
    s.put("alpn", tls == null || tls.alpn() == null ? null : ascii(tls.alpn()));
    s.put("cipher_name", tls == null ? null : tls.cipherSuite());
    s.put("id", c.id());
    s.put("mitmcert", null);
    s.put("sni", tls == null ? null : tls.sni());
    s.put("timestamp_end", null);
    s.put("timestamp_start", seconds(c.timestampStart()));
    s.put("timestamp_tls_setup", null);
    s.put("tls_established", tls != null);
    s.put("tls_extensions", List.of());
    s.put("tls_version", tls == null ? null : tls.protocol());
    s.put("state", 0);
    s.put("sockname", address(c.local()));
    s.put("error", null);
    s.put("tls", tls != null);
    s.put("certificate_list", certificates(tls));
    s.put("alpn_offers", List.of());
    s.put("cipher_list", List.of());
    return s;
  }

  private static Map<String, Object> server(ServerConnection c) {
    TlsInfo tls = c == null ? null : c.tls();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("address", c == null ? null : List.of(c.host(), c.port()));
    s.put("alpn", tls == null || tls.alpn() == null ? null : ascii(tls.alpn()));
    s.put("id", c == null ? UUID.randomUUID().toString() : c.id());
    s.put("ip_address", c == null || c.peer() == null ? null : address(c.peer()));
    s.put("sni", tls == null ? null : tls.sni());
    s.put("source_address", null);
    s.put("timestamp_end", null);
    s.put("timestamp_start", c == null || c.timestampStart().equals(Instant.EPOCH) ? null : seconds(c.timestampStart()));
    s.put("timestamp_tcp_setup", null);
    s.put("timestamp_tls_setup", null);
    s.put("tls_established", tls != null);
    s.put("tls_version", tls == null ? null : tls.protocol());
    s.put("via", null);
    s.put("state", 0);
    s.put("error", null);
    s.put("tls", tls != null);
    s.put("certificate_list", certificates(tls));
    s.put("alpn_offers", List.of());
    s.put("cipher_name", tls == null ? null : tls.cipherSuite());
    s.put("cipher_list", List.of());
    s.put("via2", null);
    return s;
  }

  private static List<Object> address(InetSocketAddress address) {
    return List.of(FlowParts.hostOf(address), address.getPort());
  }

  private static List<Object> certificates(TlsInfo tls) {
    List<Object> pems = new ArrayList<>();
    if (tls != null) {
      for (X509Certificate certificate : tls.peerCertificates()) {
        try {
          String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
          pems.add(ascii("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"));
        } catch (CertificateEncodingException e) {
          throw new IllegalArgumentException("a peer certificate does not encode: " + e.getMessage(), e);
        }
      }
    }
    return pems;
  }

  private static Map<String, Object> webSocket(WebSocketData ws) {
    List<Object> messages = new ArrayList<>();
    for (WebSocketMessage m : ws.messages()) {
      messages.add(List.of(m.isText() ? 1 : 2, m.fromClient(), m.content(), seconds(m.timestamp()),
          m.isDropped(), m.isInjected()));
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("messages", messages);
    s.put("closed_by_client", ws.closedByClient());
    s.put("close_code", ws.closeCode());
    s.put("close_reason", ws.closeCode() == null ? null : ws.closeReason());
    s.put("timestamp_end", null);
    return s;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
