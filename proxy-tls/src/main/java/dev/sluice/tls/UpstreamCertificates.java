package dev.sluice.tls;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.sluice.api.Blocking;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.FlowHook;
import dev.sluice.api.TlsClientHello;
import dev.sluice.tls.internal.CertificateSniffer;
import dev.sluice.tls.internal.UpstreamNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mitmproxy's {@code upstream_cert}: before the proxy answers a client's TLS handshake, it connects
 * to the upstream server, reads its certificate, and asks for a leaf with the upstream's common
 * name and subjectAltNames plus the SNI (or the target host). Clients that connected by IP address,
 * or with a different SNI, then still get a certificate that matches what they expect.
 *
 * <p>The upstream connection trusts any certificate (it is only read), and gives up after a short
 * time limit (3 s by default). An upstream that cannot be reached or does not speak TLS leaves the
 * request as it was (the SNI or target host), so recorded sessions replay offline. Results are
 * cached per {@code host:port} and SNI for a minute. Connections a hook passed through are left
 * alone, so add pass-through hooks before this one.
 *
 * <p>{@code ProxyServer.builder()} adds one in its {@code CONNECTION} phase, after the
 * pass-through hooks, unless told {@code upstreamCert(false)} (mitmproxy's {@code upstream_cert}
 * option, declared in {@code proxy-core}); in upstream mode it reads certificates through the next
 * proxy ({@link #viaProxy(String, int)}).
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.builder()
 *     .upstreamCert(false)
 *     .hook(HookPhase.CONNECTION, UpstreamCertificates.withTimeout(Duration.ofSeconds(1)))
 *     .start();
 * }</pre>
 */
@Blocking
public final class UpstreamCertificates implements FlowHook {

  private static final Logger log = LoggerFactory.getLogger(UpstreamCertificates.class);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private final Duration timeout;
  private final InetSocketAddress proxy;
  private final String proxyAuthorization;
  private final Map<String, InetAddress> hosts;
  private final CertificateSniffer sniffer;
  private final Cache<String, Optional<X509Certificate>> seen = CacheBuilder.newBuilder()
      .maximumSize(1000)
      .expireAfterWrite(Duration.ofMinutes(1))
      .build();

  private UpstreamCertificates(Duration timeout, InetSocketAddress proxy, String proxyAuthorization,
      Map<String, InetAddress> hosts) {
    this.timeout = timeout;
    this.proxy = proxy;
    this.proxyAuthorization = proxyAuthorization;
    this.hosts = hosts;
    this.sniffer = new CertificateSniffer(timeout, proxy, proxyAuthorization, hosts);
  }

  /** The hook with a 3 s time limit per upstream. */
  public static UpstreamCertificates create() {
    return new UpstreamCertificates(DEFAULT_TIMEOUT, null, null, Map.of());
  }

  /**
   * The hook giving up on an upstream after {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static UpstreamCertificates withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: must be positive, got " + timeout);
    }
    return new UpstreamCertificates(timeout, null, null, Map.of());
  }

  /**
   * This hook (same time limit, a cache of its own) reading upstream certificates through a
   * {@code CONNECT} tunnel on the HTTP proxy at {@code host:port}, as a proxy chained to that one
   * reaches its servers. A proxy that refuses the tunnel leaves the request as it was.
   *
   * <pre>{@code
   * FlowHook sniffing = UpstreamCertificates.create().viaProxy("proxy.internal", 3128);
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code port} is not in 1..65535
   */
  public UpstreamCertificates viaProxy(String host, int port) {
    return viaProxy(host, port, null);
  }

  /**
   * As {@link #viaProxy(String, int)}, sending {@code proxyAuthorization} (a whole header value,
   * such as {@code Basic dXNlcjpzZWNyZXQ=}; null for none) as {@code Proxy-Authorization} on each
   * {@code CONNECT}, for a next proxy that asks for credentials.
   *
   * <pre>{@code
   * String basic = "Basic " + Base64.getEncoder().encodeToString("me:secret".getBytes(UTF_8));
   * FlowHook sniffing = UpstreamCertificates.create().viaProxy("proxy.internal", 3128, basic);
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code port} is not in 1..65535, or the header value holds a line break
   */
  public UpstreamCertificates viaProxy(String host, int port, String proxyAuthorization) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: must be in 1..65535, got " + port);
    }
    if (proxyAuthorization != null && (proxyAuthorization.indexOf('\r') >= 0 || proxyAuthorization.indexOf('\n') >= 0)) {
      throw new IllegalArgumentException("proxyAuthorization: must be one header line");
    }
    return new UpstreamCertificates(timeout, InetSocketAddress.createUnresolved(host, port), proxyAuthorization,
        hosts);
  }

  /**
   * This hook (same time limit and proxy, a cache of its own) connecting to each host named in
   * {@code addresses} (names in any case) at its address there instead of what DNS gives, as a
   * proxy that remaps those hosts reaches them; the handshake still asks for the name. Through a
   * proxy ({@link #viaProxy(String, int)}), only the proxy's own name is remapped.
   *
   * <pre>{@code
   * FlowHook sniffing = UpstreamCertificates.create()
   *     .withHosts(Map.of("api.example.test", InetAddress.getByName("127.0.0.1")));
   * }</pre>
   */
  public UpstreamCertificates withHosts(Map<String, InetAddress> addresses) {
    Map<String, InetAddress> lowerCase = new HashMap<>();
    Objects.requireNonNull(addresses, "addresses")
        .forEach((name, address) -> lowerCase.put(name.toLowerCase(Locale.ROOT),
            Objects.requireNonNull(address, name)));
    return new UpstreamCertificates(timeout, proxy, proxyAuthorization, Map.copyOf(lowerCase));
  }

  @Override
  public void tlsClientHello(TlsClientHello hello) {
    if (hello.isPassThrough()) {
      return;
    }
    Optional<X509Certificate> upstream = upstreamLeaf(hello.targetHost(), hello.targetPort(), hello.sni());
    upstream.ifPresent(leaf -> {
      CertificateRequest wanted = hello.certificateRequest();
      hello.setCertificateRequest(UpstreamNames.widen(wanted, leaf, hello.targetHost()));
    });
  }

  private Optional<X509Certificate> upstreamLeaf(String host, int port, String sni) {
    try {
      return seen.get(host + ":" + port + " " + sni, () -> sniff(host, port, sni));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the certificate of " + host + ":" + port, e.getCause());
    }
  }

  private Optional<X509Certificate> sniff(String host, int port, String sni) {
    try {
      return Optional.of(sniffer.leaf(host, port, sni));
    } catch (IOException | RuntimeException e) {
      log.debug("no upstream certificate from {}:{} (SNI {}); minting for the requested names: {}", host, port,
          sni, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "upstream_cert";
  }

  @Override
  public String toString() {
    return "UpstreamCertificates";
  }
}
