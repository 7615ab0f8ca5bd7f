package dev.sluice.core.testing;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * JDK {@link HttpClient}s for tests.
 *
 * <pre>{@code
 * HttpClient client = JdkClients.via(proxy.address());
 * }</pre>
 */
public final class JdkClients {

  private JdkClients() {}

  /** An HTTP/1.1 client that sends every request through the proxy at {@code proxy}. */
  public static HttpClient via(InetSocketAddress proxy) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(proxy))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
