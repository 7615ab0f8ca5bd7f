package dev.sluice.core.internal.tls;

import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.tls.ClientCertificates;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.netty.util.NetUtil;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of TLS towards upstream servers: SNI, ALPN {@code h2} (unless HTTP/2 is off) and
 * {@code http/1.1} (the server chooses; the proxy translates where the client speaks the other), the
 * server's certificate verified with hostname verification against the JDK's trust store, a given
 * trust manager, or (insecure) not at all, and the client certificate for the server's name, if
 * any (one context per certificate, built at start).
 */
public final class UpstreamTls {

  private final SslContext withoutCertificate;
  private final ClientCertificates certificates;
  private final Map<IssuedCertificate, SslContext> withCertificate;

  private UpstreamTls(SslContext withoutCertificate, ClientCertificates certificates,
      Map<IssuedCertificate, SslContext> withCertificate) {
    this.withoutCertificate = withoutCertificate;
    this.certificates = certificates;
    this.withCertificate = withCertificate;
  }

  /**
   * Upstream TLS verifying with {@code trust} (the JDK's default trust store when null), or not at
   * all when {@code insecure}, implemented by {@code provider}, offering {@code h2} when {@code http2},
   * presenting {@code certificates} to servers that ask for one.
   */
  public static UpstreamTls create(boolean insecure, X509TrustManager trust, SslProvider provider, boolean http2,
      ClientCertificates certificates) {
    Map<IssuedCertificate, SslContext> withCertificate = new IdentityHashMap<>();
    for (IssuedCertificate certificate : certificates.all()) {
      withCertificate.put(certificate, context(insecure, trust, provider, http2, certificate));
    }
    return new UpstreamTls(context(insecure, trust, provider, http2, null), certificates, withCertificate);
  }

  private static SslContext context(boolean insecure, X509TrustManager trust, SslProvider provider, boolean http2,
      IssuedCertificate certificate) {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider).applicationProtocolConfig(Alpn.protocols(http2));
    if (insecure) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      builder.endpointIdentificationAlgorithm("HTTPS");
      if (trust != null) {
        builder.trustManager(trust);
      }
    }
    if (certificate != null) {
      builder.keyManager(new KeyManagerFactoryWrapper(CertificateAuthority.keyManager(certificate)));
    }
    try {
      return builder.build();
    } catch (SSLException | RuntimeException e) {
      String whose = certificate == null ? "" : " with the client certificate "
          + certificate.certificate().getSubjectX500Principal().getName();
      throw new IllegalStateException("cannot set up upstream TLS" + whose + ": " + e.getMessage(), e);
    }
  }

  /**
   * A handler for a connection to {@code port} that asks for, and verifies, {@code serverName}
   * (an IP literal is verified but not sent as SNI), and presents the client certificate for
   * that name if the server asks for one.
   */
  public SslHandler newHandler(ByteBufAllocator alloc, String serverName, int port) {
    SslContext context = certificates.forHost(serverName).map(withCertificate::get).orElse(withoutCertificate);
    SslHandler handler = context.newHandler(alloc, serverName, port);
    if (!NetUtil.isValidIpV4Address(serverName) && !NetUtil.isValidIpV6Address(serverName)) {
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      engine.setSSLParameters(parameters);
    }
    return handler;
  }
}
