package dev.sluice.junit5;

import dev.sluice.api.internal.Hosts;
import dev.sluice.core.ProxyServer;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;

/**
 * One-line client set-ups that send requests through a {@link ProxyServer} and trust its CA, per
 * client or per connection: none of them sets a JVM default ({@code SSLContext}, socket factory,
 * proxy selector, authenticator or system property), so tests running in parallel never see each
 * other's proxy.
 *
 * <p>OkHttp and Apache HttpClient 5 take the same material from the proxy directly:
 *
 * <pre>{@code
 * CertificateAuthority ca = proxy.certificateAuthority();
 * OkHttpClient okHttp = new OkHttpClient.Builder().proxy(ProxyClients.proxy(proxy))
 *     .sslSocketFactory(ca.sslContext().getSocketFactory(), ca.trustManager()).build();
 *
 * CloseableHttpClient apache = HttpClients.custom().setProxy(new HttpHost("127.0.0.1", proxy.address().getPort()))
 *     .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
 *         .setSSLSocketFactory(new SSLConnectionSocketFactory(ca.sslContext())).build()).build();
 * }</pre>
 *
 * <pre>{@code
 * HttpClient client = ProxyClients.httpClient(proxy);
 * HttpURLConnection connection = ProxyClients.openConnection(proxy, new URL("https://example.com/"));
 * }</pre>
 */
public final class ProxyClients {

  private ProxyClients() {}

  /**
   * A JDK client builder set to go through {@code proxy}, trust its CA (and nothing else) and give
   * up connecting after 10 seconds; add your own settings, then build. It speaks the JDK's default,
   * HTTP/2 where the proxy offers it (intercepted {@code https}) and HTTP/1.1 otherwise, as a client
   * in production would; {@code .version(HttpClient.Version.HTTP_1_1)} pins HTTP/1.1.
   *
   * <pre>{@code
   * HttpClient client = ProxyClients.httpClientBuilder(proxy).followRedirects(Redirect.NORMAL).build();
   * }</pre>
   */
  public static HttpClient.Builder httpClientBuilder(ProxyServer proxy) {
    Objects.requireNonNull(proxy, "proxy");
    HttpClient.Builder builder = HttpClient.newBuilder()
        .proxy(ProxySelector.of(proxy.address()))
        .connectTimeout(Duration.ofSeconds(10));
    if (proxy.certificateIssuer() instanceof CertificateAuthority ca) {
      builder.sslContext(ca.sslContext());
    }
    return builder;
  }

  /**
   * A JDK client through {@code proxy} that trusts its CA: {@link #httpClientBuilder(ProxyServer)}, built.
   *
   * <pre>{@code HttpClient client = ProxyClients.httpClient(proxy);}</pre>
   */
  public static HttpClient httpClient(ProxyServer proxy) {
    return httpClientBuilder(proxy).build();
  }

  /**
   * {@code proxy}'s address as a {@link java.net.Proxy} of type HTTP, for
   * {@link URL#openConnection(Proxy)}, OkHttp and other clients that take one.
   *
   * <pre>{@code URLConnection connection = url.openConnection(ProxyClients.proxy(proxy));}</pre>
   */
  public static Proxy proxy(ProxyServer proxy) {
    Objects.requireNonNull(proxy, "proxy");
    return new Proxy(Proxy.Type.HTTP, proxy.address());
  }

  /**
   * Opens a connection to {@code url} through {@code proxy}; an {@code https} connection gets a
   * socket factory that trusts the proxy's CA, on this connection only (the JVM's default factory
   * is left alone).
   *
   * <pre>{@code
   * HttpURLConnection connection = ProxyClients.openConnection(proxy, new URL("https://example.com/"));
   * assertThat(connection.getResponseCode()).isEqualTo(200);
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code url} is not an {@code http} or {@code https} URL
   */
  public static HttpURLConnection openConnection(ProxyServer proxy, URL url) throws IOException {
    Objects.requireNonNull(url, "url");
    URLConnection connection = url.openConnection(proxy(proxy));
    if (!(connection instanceof HttpURLConnection http)) {
      throw new IllegalArgumentException("url: not an http or https URL: " + url);
    }
    if (http instanceof HttpsURLConnection https && proxy.certificateIssuer() instanceof CertificateAuthority ca) {
      https.setSSLSocketFactory(ca.sslContext().getSocketFactory());
    }
    return http;
  }

  /**
   * Environment variables for a subprocess: {@code HTTP_PROXY}, {@code HTTPS_PROXY} (and their
   * lower-case forms) pointing at {@code proxy}, and {@code SSL_CERT_FILE},
   * {@code REQUESTS_CA_BUNDLE}, {@code CURL_CA_BUNDLE} and {@code NODE_EXTRA_CA_CERTS} naming
   * {@code caPem}. Put them into a {@link ProcessBuilder#environment()}, never into this JVM.
   *
   * <pre>{@code
   * ProcessBuilder python = new ProcessBuilder("python3", "client.py");
   * python.environment().putAll(ProxyClients.environment(proxy, caPem));
   * }</pre>
   */
  public static Map<String, String> environment(ProxyServer proxy, Path caPem) {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(caPem, "caPem");
    InetSocketAddress address = proxy.address();
    String url = "http://" + Hosts.withPort(address);
    String pem = caPem.toAbsolutePath().toString();
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : new String[] {"HTTP_PROXY", "HTTPS_PROXY"}) {
      environment.put(name, url);
      environment.put(name.toLowerCase(Locale.ROOT), url);
    }
    for (String name : new String[] {"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS"}) {
      environment.put(name, pem);
    }
    return Collections.unmodifiableMap(environment);
  }
}
