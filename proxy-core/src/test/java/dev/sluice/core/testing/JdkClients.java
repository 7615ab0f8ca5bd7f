package dev.sluice.core.testing;

import dev.sluice.core.ProxyServer;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * JDK {@link HttpClient}s for tests.
 *
 * <pre>{@code
 * HttpClient client = JdkClients.via(proxy.address());
 * }</pre>
 */
public final class JdkClients {

  private JdkClients() {}

  /** An HTTP/1.1 client through {@code proxy} that trusts its CA (and only that), for http and https URLs. */
  public static HttpClient via(ProxyServer proxy) {
    return via(proxy, proxy.certificateAuthority().sslContext());
  }

  /** An HTTP/1.1 client through {@code proxy} that trusts what {@code trust} trusts, for http and https URLs. */
  public static HttpClient via(ProxyServer proxy, SSLContext trust) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(proxy.address()))
        .sslContext(trust)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** An HTTP/2 client through {@code proxy} that trusts its CA: HTTP/2 over intercepted TLS, negotiated by ALPN. */
  public static HttpClient http2Via(ProxyServer proxy) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(proxy.address()))
        .sslContext(proxy.certificateAuthority().sslContext())
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** An HTTP/1.1 client that sends every request through the proxy at {@code proxy}. */
  public static HttpClient via(InetSocketAddress proxy) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(proxy))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
