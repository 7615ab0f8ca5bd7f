package dev.sluice.junit5;

import dev.sluice.core.ProxyServer;
import dev.sluice.junit5.internal.FlowLog;
import dev.sluice.junit5.internal.FlowLogDump;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A Sluice proxy for JUnit 5 tests: started on 127.0.0.1 and a free port, with a new in-memory CA,
 * before the tests, closed after them; nothing JVM-wide is changed. Test and lifecycle methods
 * get, by parameter type: the {@link TestProxy} (flow log and trust material), the
 * {@link ProxyServer}, a JDK {@link HttpClient} that goes through the proxy and trusts its CA, an
 * {@link SSLContext} that trusts the CA, and, marked {@link CaPem}, the CA certificate's PEM file.
 *
 * <p>Scope follows declaration: {@link Sluice @Sluice} on the class, or this extension in a
 * {@code static} field, gives one proxy per class (shared by {@code @Nested} classes) whose flow
 * log is emptied before each test; in an instance field, or with {@link Builder#perTest(boolean)},
 * each test gets its own. State lives in JUnit's extension store, so parallel execution and
 * inherited or nested test classes need nothing special.
 *
 * <p>After each test: a flow still under way (after a short grace for asynchronous requests)
 * fails the test, naming it; {@link Cassette} requests the cassette did not answer fail it too, and
 * so do recorded ones it never used when {@link Cassette#allowUnused()} is {@code false} (only if
 * the test passed: a test that stopped early leaves later recordings unused as a matter of course,
 * so listing them would only hide its real failure). The first failure is thrown, the others are
 * attached to it as suppressed exceptions; requests that missed the cassette come before the
 * recordings left unused, which are often the ones they were meant to match.
 * A failed test gets the flow log attached to its failure (as a suppressed exception, so every
 * runner prints it) and published as the report entry {@value #REPORT_KEY}, which IDEs and the
 * console launcher show; its flows are also written as an HTML report that opens in a browser
 * ({@link Sluice#report()}: {@code target/sluice-reports/<TestClass>/<method>.html} by default),
 * whose path the flow log names. Passing tests print and write nothing.
 *
 * <p>Proxies are built with {@link dev.sluice.core.ConnectionStrategy#LAZY} (so hooks and
 * cassettes can answer HTTPS with the upstream down), then with your configuration; the flow log
 * is a hook in {@link dev.sluice.core.HookPhase#RECORDING}, so it sees each flow after every hook of
 * yours, even one added while the test runs.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SluiceExtension sluice = SluiceExtension.builder()
 *     .proxy(proxy -> proxy.anticache().modifyHeaders("/~q/X-Test/1"))
 *     .build();
 *
 * @Test void sendsTheHeader(TestProxy proxy, HttpClient client) throws Exception {
 *   client.send(HttpRequest.newBuilder(URI.create("https://api.example.com/")).build(), BodyHandlers.ofString());
 *   assertThat(proxy.takeFlow().request().headers().get("X-Test")).isEqualTo("1");
 * }
 * }</pre>
 */
public final class SluiceExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    ParameterResolver, TestExecutionExceptionHandler {

  /** The key of the report entry that holds a failed test's flow log. */
  public static final String REPORT_KEY = "sluice.flows";

  private static final Namespace NAMESPACE = Namespace.create(SluiceExtension.class);
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final Set<Class<?>> INJECTED = Set.of(TestProxy.class, ProxyServer.class, HttpClient.class,
      SSLContext.class);

  private final Settings settings;
  private final Object scopeKey = new Object();
  private final Object cassetteKey = new Object();
  private final Object reportKey = new Object();

  /**
   * An extension with the settings of the test class's {@link Sluice} annotation (or the
   * defaults): what {@code @Sluice} registers. Use {@link #builder()} to configure one in place.
   */
  public SluiceExtension() {
    this(null);
  }

  private SluiceExtension(Settings settings) {
    this.settings = settings;
  }

  /**
   * A builder for an extension configured in place, for a {@code @RegisterExtension} field.
   *
   * <pre>{@code
   * @RegisterExtension
   * static final SluiceExtension sluice = SluiceExtension.builder().proxy(p -> p.anticache()).build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!settings(context).perTest()) {
      scope(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ProxyScope scope = scope(context);
    scope.handle().log().reset();
    cassette(context).ifPresent(cassette -> context.getStore(NAMESPACE).put(cassetteKey,
        CassetteSession.open(context, cassette, scope.handle().server())));
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    Throwable failure = cassetteSession(context).flatMap(CassetteSession::takeMissReport)
        .<Throwable>map(report -> new AssertionError(report, throwable))
        .orElse(throwable);
    FlowLog log = scope(context).handle().log();
    if (!log.isEmpty()) {
      failure.addSuppressed(new FlowLogDump(log.describe() + reportLine(context, log)));
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestProxy proxy = scope(context).handle();
    proxy.removeInjections();
    List<AssertionError> failures = new ArrayList<>();
    List<String> underWay = proxy.log().underWay(GRACE);
    if (!underWay.isEmpty()) {
      failures.add(new AssertionError("the test left " + underWay.size() + " flow(s) unfinished in the Sluice proxy: "
          + String.join(", ", underWay) + "\n" + proxy.log().describe()));
    }
    Optional<CassetteSession> cassette = cassetteSession(context);
    cassette.flatMap(CassetteSession::takeMissReport).ifPresent(report -> failures.add(new AssertionError(report)));
    if (context.getExecutionException().isEmpty()) {
      cassette.flatMap(CassetteSession::unusedReport).ifPresent(report -> failures.add(new AssertionError(report)));
    }
    boolean failed = !failures.isEmpty() || context.getExecutionException().isPresent();
    if (cassette.isPresent() && !failed) {
      try {
        cassette.get().save(proxy.flows());
      } catch (IOException e) {
        failures.add(new AssertionError(e.getMessage(), e));
      }
    }
    if (failed || !failures.isEmpty()) {
      String report = reportLine(context, proxy.log());
      context.publishReportEntry(REPORT_KEY, proxy.log().describe() + report);
      if (!failures.isEmpty()) {
        AssertionError first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        if (!report.isEmpty() && context.getExecutionException().isEmpty()) {
          first.addSuppressed(new FlowLogDump(report.strip()));   // else the test's own failure names it
        }
        throw first;
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Parameter parameter = parameterContext.getParameter();
    return INJECTED.contains(parameter.getType())
        || parameter.getType() == Path.class && parameterContext.isAnnotated(CaPem.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    TestProxy proxy = scope(extensionContext).handle();
    Class<?> type = parameterContext.getParameter().getType();
    if (type == TestProxy.class) {
      return proxy;
    } else if (type == ProxyServer.class) {
      return proxy.server();
    } else if (type == HttpClient.class) {
      return proxy.client();
    } else if (type == SSLContext.class) {
      return proxy.sslContext();
    } else if (type == Path.class) {
      return proxy.caPem();
    }
    throw new ParameterResolutionException("SluiceExtension cannot inject " + parameterContext.getParameter());
  }

  /**
   * The failed test's HTML report, written once (the first time this is called for the test): a
   * line naming its file, after a line break, or empty when there is none.
   */
  private String reportLine(ExtensionContext context, FlowLog log) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(reportKey,
        key -> FailureReport.write(context, settings(context), log.flows()).map(line -> "\n" + line).orElse(""), String.class);
  }

  /** The proxy of this extension visible from {@code context}: the class's, or a new one for this test. */
  private ProxyScope scope(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(scopeKey, key -> ProxyScope.start(settings(context)),
        ProxyScope.class);
  }

  private Optional<CassetteSession> cassetteSession(ExtensionContext context) {
    return Optional.ofNullable(context.getStore(NAMESPACE).get(cassetteKey, CassetteSession.class));
  }

  private Settings settings(ExtensionContext context) {
    return settings != null ? settings : Settings.of(context.getRequiredTestClass());
  }

  private static Optional<Cassette> cassette(ExtensionContext context) {
    Optional<Cassette> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), Cassette.class);
    if (onMethod.isPresent()) {
      return onMethod;
    }
    for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
      Optional<Cassette> onClass = AnnotationSupport.findAnnotation(type, Cassette.class);
      if (onClass.isPresent()) {
        return onClass;
      }
    }
    return Optional.empty();
  }

  /**
   * Configures a {@link SluiceExtension}: the proxy's builder, the scope, the flow log's timeout.
   *
   * <pre>{@code
   * @RegisterExtension
   * static final SluiceExtension sluice = SluiceExtension.builder()
   *     .proxy(proxy -> proxy.hook(new Anticache()).upstreamTrust(originCa.trustManager()))
   *     .takeFlowTimeout(Duration.ofSeconds(2))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final List<Consumer<ProxyServer.Builder>> proxy = new ArrayList<>();
    private Duration takeFlowTimeout = Settings.DEFAULT_TIMEOUT;
    private boolean perTest;
    private String report = "";

    private Builder() {}

    /**
     * Adds a configuration of the proxy's {@link ProxyServer.Builder}, applied, in the order
     * added, to each proxy the extension starts (after the extension's defaults, before the flow
     * log is added).
     */
    public Builder proxy(Consumer<ProxyServer.Builder> configuration) {
      proxy.add(Objects.requireNonNull(configuration, "configuration"));
      return this;
    }

    /** How long {@link TestProxy#takeFlow()} waits (5 seconds by default). */
    public Builder takeFlowTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("takeFlowTimeout: must be positive, got " + timeout);
      }
      this.takeFlowTimeout = timeout;
      return this;
    }

    /**
     * Where failed tests' HTML reports go, or {@code "off"}: as {@link Sluice#report()} (by
     * default the {@value Sluice#REPORT} parameter, else {@value Sluice#DEFAULT_REPORT_DIRECTORY}).
     */
    public Builder report(String directory) {
      this.report = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Whether each test gets its own proxy, even when the extension is in a {@code static} field. */
    public Builder perTest(boolean perTest) {
      this.perTest = perTest;
      return this;
    }

    /** The extension. */
    public SluiceExtension build() {
      return new SluiceExtension(new Settings(List.copyOf(proxy), takeFlowTimeout, perTest, report));
    }
  }
}
