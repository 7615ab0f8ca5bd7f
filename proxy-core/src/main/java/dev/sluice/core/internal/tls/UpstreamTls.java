package dev.sluice.core.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of TLS towards upstream servers: SNI, ALPN {@code h2} (unless HTTP/2 is off) and
 * {@code http/1.1} (the server chooses; the proxy translates where the client speaks the other), and the
 * server's certificate verified with hostname verification against the JDK's trust store, a given
 * trust manager, or (insecure) not at all.
 */
public final class UpstreamTls {


  private final SslContext context;

  private UpstreamTls(SslContext context) {
    this.context = context;
  }

  /**
   * Upstream TLS verifying with {@code trust} (the JDK's default trust store when null), or not at
   * all when {@code insecure}, implemented by {@code provider}, offering {@code h2} when {@code http2}.
   */
  public static UpstreamTls create(boolean insecure, X509TrustManager trust, SslProvider provider, boolean http2) {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider).applicationProtocolConfig(Alpn.protocols(http2));
    if (insecure) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      builder.endpointIdentificationAlgorithm("HTTPS");
      if (trust != null) {
        builder.trustManager(trust);
      }
    }
    try {
      return new UpstreamTls(builder.build());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up upstream TLS: " + e.getMessage(), e);
    }
  }

  /**
   * A handler for a connection to {@code port} that asks for, and verifies, {@code serverName}
   * (an IP literal is verified but not sent as SNI).
   */
  public SslHandler newHandler(ByteBufAllocator alloc, String serverName, int port) {
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
