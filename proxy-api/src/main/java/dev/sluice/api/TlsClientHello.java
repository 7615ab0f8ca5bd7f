package dev.sluice.api;

import java.util.List;
import java.util.Objects;

/**
 * A TLS ClientHello seen at the start of a tunnel, before the proxy answers it. A hook may decide
 * to {@linkplain #passThrough() pass the connection through} untouched instead of intercepting it.
 *
 * <pre>{@code
 * public void tlsClientHello(TlsClientHello hello) {
 *   if ("pinned.example.com".equals(hello.sni())) hello.passThrough();
 * }
 * }</pre>
 */
public final class TlsClientHello {

  private final ClientConnection client;
  private final String sni;
  private final List<String> alpnProtocols;
  private final String targetHost;
  private final int targetPort;
  private boolean passThrough;
  private CertificateRequest certificateRequest;

  private TlsClientHello(ClientConnection client, String sni, List<String> alpnProtocols, String targetHost,
      int targetPort) {
    this.client = Objects.requireNonNull(client, "client");
    this.sni = sni;
    this.alpnProtocols = List.copyOf(alpnProtocols);
    this.targetHost = Objects.requireNonNull(targetHost, "targetHost");
    this.targetPort = targetPort;
    this.certificateRequest = CertificateRequest.forNames(sni != null ? sni : targetHost);
  }

  /** A ClientHello with {@code sni} (or {@code null}) on a tunnel to {@code targetHost:targetPort}. */
  public static TlsClientHello of(ClientConnection client, String sni, List<String> alpnProtocols,
      String targetHost, int targetPort) {
    return new TlsClientHello(client, sni, alpnProtocols, targetHost, targetPort);
  }

  /** The client connection. */
  public ClientConnection client() {
    return client;
  }

  /** The server name the client asked for, or {@code null} (IP-literal clients send none). */
  public String sni() {
    return sni;
  }

  /** The protocols offered by ALPN, in the client's order. */
  public List<String> alpnProtocols() {
    return alpnProtocols;
  }

  /** The host of the {@code CONNECT} target (or of the reverse-proxy target). */
  public String targetHost() {
    return targetHost;
  }

  /** The port of the {@code CONNECT} target. */
  public int targetPort() {
    return targetPort;
  }

  /** Passes this connection through untouched: no interception, no flows. */
  public void passThrough() {
    passThrough = true;
  }

  /** Whether a hook chose pass-through. */
  public boolean isPassThrough() {
    return passThrough;
  }

  /**
   * What the certificate the proxy presents to the client must cover: by default the SNI, or the
   * target host when the client sent none. Unless a hook replaces it, the proxy then widens it with
   * the names of the certificate the server presented when it reached the server first
   * ({@code upstream_cert}).
   */
  public CertificateRequest certificateRequest() {
    return certificateRequest;
  }

  /**
   * Replaces what the presented certificate must cover.
   *
   * <pre>{@code
   * hello.setCertificateRequest(CertificateRequest.forNames(hello.sni(), "www." + hello.sni()));
   * }</pre>
   */
  public void setCertificateRequest(CertificateRequest request) {
    this.certificateRequest = Objects.requireNonNull(request, "request");
  }
}
