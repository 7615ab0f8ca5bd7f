package dev.sluice.core.internal.tls;

import dev.sluice.api.TlsInfo;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The model's {@link TlsInfo} of a finished handshake. */
public final class TlsInfos {

  private TlsInfos() {}

  /** What the handshake of {@code handler} agreed on; {@code sni} is the server name asked for, or null. */
  public static TlsInfo of(SslHandler handler, String sni) {
    SSLSession session = handler.engine().getSession();
    String alpn = handler.applicationProtocol();
    return new TlsInfo(sni, alpn == null || alpn.isEmpty() ? null : alpn, session.getProtocol(),
        session.getCipherSuite(), peerCertificates(session));
  }

  private static List<X509Certificate> peerCertificates(SSLSession session) {
    try {
      return Arrays.stream(session.getPeerCertificates())
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  /** What the handshake of {@code handler} with an upstream server agreed on, with the SNI it sent. */
  public static TlsInfo upstream(SslHandler handler) {
    List<SNIServerName> names = handler.engine().getSSLParameters().getServerNames();
    String sni = names == null ? null : names.stream()
        .filter(SNIHostName.class::isInstance)
        .map(name -> ((SNIHostName) name).getAsciiName())
        .findFirst()
        .orElse(null);
    return of(handler, sni);
  }

  /** A failure's reason for people: the innermost message of {@code cause}. */
  public static String reason(Throwable cause) {
    Throwable inner = cause;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    String message = inner.getMessage() != null ? inner.getMessage() : cause.getMessage();
    return message == null ? inner.getClass().getSimpleName() : message;
  }
}
