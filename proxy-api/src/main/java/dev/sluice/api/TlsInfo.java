package dev.sluice.api;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a finished TLS handshake agreed on, for one side of a flow.
 *
 * <pre>{@code
 * TlsInfo tls = flow.client().tls();
 * if (tls != null) System.out.println(tls.sni() + " " + tls.protocol());
 * }</pre>
 *
 * @param sni the server name the client asked for, or {@code null}
 * @param alpn the application protocol agreed, or {@code null}
 * @param protocol the TLS version, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite
 * @param peerCertificates the certificates the peer presented (the server's chain upstream; usually empty on the client side)
 */
public record TlsInfo(String sni, String alpn, String protocol, String cipherSuite,
    List<X509Certificate> peerCertificates) {

  /** Validates and copies. */
  public TlsInfo {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    peerCertificates = List.copyOf(peerCertificates);
  }
}
