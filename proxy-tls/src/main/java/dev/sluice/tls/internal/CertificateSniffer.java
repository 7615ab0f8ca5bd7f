package dev.sluice.tls.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads the leaf certificate a TLS server presents, trusting anything: it is only looked at,
 * never used to protect data. One blocking connection per call, with a time limit, directly or
 * through a {@code CONNECT} tunnel on an HTTP proxy; names in its table of hosts are connected to
 * at their address there.
 */
public final class CertificateSniffer {

  private final SSLContext context;
  private final int timeoutMillis;
  private final InetSocketAddress proxy;
  private final String proxyAuthorization;
  private final Map<String, InetAddress> hosts;

  /** A sniffer connecting directly, giving up after {@code timeout} (connect, and the handshake). */
  public CertificateSniffer(Duration timeout) {
    this(timeout, null, null, Map.of());
  }

  /**
   * A sniffer reaching servers through the HTTP proxy at {@code proxy} (unresolved, or null to
   * connect directly), giving up after {@code timeout} (each of connect, {@code CONNECT} and the
   * handshake), sending {@code proxyAuthorization} (unless null) as {@code Proxy-Authorization} on
   * each {@code CONNECT}, and connecting to the names in {@code hosts} (lower case) at their
   * address there.
   */
  public CertificateSniffer(Duration timeout, InetSocketAddress proxy, String proxyAuthorization,
      Map<String, InetAddress> hosts) {
    this.proxy = proxy;
    this.proxyAuthorization = proxyAuthorization;
    this.hosts = hosts;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnything()}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS client context", e);
    }
  }

  /**
   * The leaf certificate of the TLS server at {@code host:port}, asking for {@code sni} (or none).
   *
   * @throws IOException if it cannot be reached, does not speak TLS, or sends no X.509 certificate
   */
  public X509Certificate leaf(String host, int port, String sni) throws IOException {
    try (Socket plain = new Socket()) {
      if (proxy == null) {
        plain.connect(address(host, port), timeoutMillis);
        plain.setSoTimeout(timeoutMillis);
      } else {
        plain.connect(address(proxy.getHostString(), proxy.getPort()), timeoutMillis);
        plain.setSoTimeout(timeoutMillis);
        ProxyTunnel.open(plain, proxy.getHostString() + ":" + proxy.getPort(), host, port, proxyAuthorization);
      }
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        Certificate[] chain = socket.getSession().getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
          throw new IOException(host + ":" + port + " sent no X.509 certificate");
        }
        return leaf;
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot ask " + host + ":" + port + " for SNI \"" + sni + "\": " + e.getMessage(), e);
    }
  }

  /** Where to connect for {@code host:port}: its address in the table of hosts, else what DNS gives. */
  private InetSocketAddress address(String host, int port) throws IOException {
    InetAddress remapped = hosts.get(host.toLowerCase(Locale.ROOT));
    return new InetSocketAddress(remapped == null ? InetAddress.getByName(host)
        : InetAddress.getByAddress(host, remapped.getAddress()), port);
  }

  /** Accepts every certificate: the sniffer reads certificates, it does not rely on them. */
  private static final class TrustAnything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
