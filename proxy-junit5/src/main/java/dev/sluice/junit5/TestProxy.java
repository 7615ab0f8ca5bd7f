package dev.sluice.junit5;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.hooks.Bandwidth;
import dev.sluice.core.hooks.Faults;
import dev.sluice.core.hooks.Latency;
import dev.sluice.junit5.internal.FlowDescriptions;
import dev.sluice.junit5.internal.FlowLog;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The proxy of a test, as {@link SluiceExtension} injects it: the running {@link ProxyServer},
 * a client that uses it, its trust material, and the log of the flows that went through it.
 * Nothing here waits without a timeout, and nothing changes JVM-wide state.
 *
 * <p>The log holds an immutable {@link dev.sluice.api.Flow} for each finished flow (response
 * complete, failed, or websocket ended), in the order they finished. A class-wide proxy's log is
 * emptied before each test.
 *
 * <pre>{@code
 * @Test void logsIn(TestProxy proxy, HttpClient client) throws Exception {
 *   client.send(loginRequest, BodyHandlers.ofString());
 *   Flow login = proxy.takeFlow();
 *   assertThat(login.response().statusCode()).isEqualTo(200);
 *   assertThat(proxy.flows("~m POST & ~u /login")).hasSize(1);
 * }
 * }</pre>
 */
public final class TestProxy {

  private final ProxyServer server;
  private final FlowLog log;
  private final Path caPem;
  private final Duration takeFlowTimeout;
  private final HttpClient client;
  private final List<Injection> injections = new CopyOnWriteArrayList<>();

  TestProxy(ProxyServer server, FlowLog log, Path caPem, Duration takeFlowTimeout) {
    this.server = server;
    this.log = log;
    this.caPem = caPem;
    this.takeFlowTimeout = takeFlowTimeout;
    this.client = ProxyClients.httpClient(server);
  }

  /** The running proxy: add or remove hooks here while the test runs. */
  public ProxyServer server() {
    return server;
  }

  /**
   * An HTTP/1.1 JDK client that sends every request through the proxy and trusts its CA (and
   * nothing else) for HTTPS. One per proxy.
   */
  public HttpClient client() {
    return client;
  }

  /** The proxy's certificate authority. */
  public CertificateAuthority certificateAuthority() {
    return server.certificateAuthority();
  }

  /** A client {@link SSLContext} that trusts the proxy's CA and nothing else. */
  public SSLContext sslContext() {
    return certificateAuthority().sslContext();
  }

  /**
   * The CA certificate as a PEM file (no key), removed when the proxy closes.
   *
   * @throws IllegalStateException if the proxy was configured with an issuer that is not a {@link CertificateAuthority}
   */
  public Path caPem() {
    if (caPem == null) {
      throw new IllegalStateException("this proxy mints with " + server.certificateIssuer()
          + ", not a CertificateAuthority: it has no CA file");
    }
    return caPem;
  }

  /**
   * Adds {@code hook} for the rest of this test: it is removed when the test ends (or when the
   * returned handle closes), so a class-wide proxy is clean for the next test.
   */
  public Injection inject(FlowHook hook) {
    Objects.requireNonNull(hook, "hook");
    server.addHook(hook);
    Injection injection = new Injection(server, hook);
    injections.add(injection);
    return injection;
  }

  /** Delays responses for this test: {@link Latency} specs, {@code [/filter]/[chunk:]delay[/probability%]}. */
  public Injection latency(String... specs) {
    return inject(Latency.of(specs));
  }

  /** Throttles bodies for this test: {@link Bandwidth} specs, {@code [/filter]/[conn:][up:|down:]rate[/probability%]}. */
  public Injection bandwidth(String... specs) {
    return inject(Bandwidth.of(specs));
  }

  /** Injects faults for this test: {@link Faults} specs, {@code [/filter]/fault[/probability%]}. */
  public Injection faults(String... specs) {
    return inject(Faults.of(specs));
  }

  /** Removes what {@link #inject} added (at the end of each test). */
  void removeInjections() {
    injections.forEach(Injection::close);
    injections.clear();
  }

  /**
   * Environment variables that send a subprocess (curl, Python, Node, ...) through the proxy and
   * make it trust the CA: see {@link ProxyClients#environment(ProxyServer, Path)}.
   *
   * <pre>{@code
   * ProcessBuilder curl = new ProcessBuilder("curl", "https://api.example.com/");
   * curl.environment().putAll(proxy.environment());
   * }</pre>
   */
  public Map<String, String> environment() {
    return ProxyClients.environment(server, caPem());
  }

  /** Every finished flow of this test, in order (an immutable snapshot). */
  public List<Flow> flows() {
    return log.flows();
  }

  /**
   * The finished flows that a filter in mitmproxy's language matches, in order.
   *
   * <pre>{@code assertThat(proxy.flows("~m POST & ~u /login")).hasSize(1);}</pre>
   *
   * @throws dev.sluice.api.FilterSyntaxException if {@code filter} does not parse
   */
  public List<Flow> flows(String filter) {
    return log.flows(FlowFilter.parse(Objects.requireNonNull(filter, "filter")));
  }

  /** The finished flows that {@code filter} matches, in order. */
  public List<Flow> flows(FlowFilter filter) {
    return log.flows(Objects.requireNonNull(filter, "filter"));
  }

  /**
   * The next finished flow not taken yet, waiting for it as long as the extension's timeout (5 s
   * unless configured).
   *
   * @throws AssertionError listing the flows seen so far when none finishes in time
   */
  public Flow takeFlow() {
    return log.take(takeFlowTimeout);
  }

  /**
   * The next finished flow not taken yet, waiting up to {@code timeout}.
   *
   * @throws AssertionError listing the flows seen so far when none finishes in time
   */
  public Flow takeFlow(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: must not be negative, got " + timeout);
    }
    return log.take(timeout);
  }

  /**
   * Fails if a finished flow was not taken by {@link #takeFlow()}.
   *
   * @throws AssertionError listing those flows
   */
  public void assertNoMoreFlows() {
    List<Flow> left = log.notTaken();
    if (!left.isEmpty()) {
      throw new AssertionError(left.size() + " flow(s) finished but not taken:\n  "
          + left.stream().map(FlowDescriptions::line).collect(Collectors.joining("\n  ")));
    }
  }

  FlowLog log() {
    return log;
  }

  @Override
  public String toString() {
    return "TestProxy[" + server.address() + ", " + log.flows().size() + " flows]";
  }
}
