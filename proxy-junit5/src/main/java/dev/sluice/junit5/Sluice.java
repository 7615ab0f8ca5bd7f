package dev.sluice.junit5;

import dev.sluice.core.ProxyServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class with a Sluice proxy: {@link SluiceExtension} with the settings given here.
 * By default one proxy and CA serve the whole class (including {@code @Nested} classes), and the
 * flow log is emptied before each test; {@link #perTest()} gives each test its own. A test that
 * fails gets its flows written as an HTML report ({@link #report()}), whose path its failure names.
 *
 * <pre>{@code
 * @Sluice
 * class CheckoutTest {
 *   @Test void paysOverHttps(TestProxy proxy, HttpClient client) throws Exception {
 *     client.send(HttpRequest.newBuilder(URI.create("https://pay.example.com/charge")).build(), BodyHandlers.ofString());
 *     assertThat(proxy.takeFlow().request().path()).isEqualTo("/charge");
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SluiceExtension.class)
public @interface Sluice {

  /**
   * The configuration parameter (or system property) naming the directory of failed tests' HTML
   * reports, or {@code off} for none, where {@link #report()} says nothing:
   * {@code -Dsluice.report=off} turns the reports off.
   */
  String REPORT = "sluice.report";

  /** The directory of failed tests' reports unless {@link #report()} or {@value #REPORT} says otherwise. */
  String DEFAULT_REPORT_DIRECTORY = "target/sluice-reports";

  /** Whether each test gets its own proxy and CA (false: one for the class). */
  boolean perTest() default false;

  /**
   * Classes with a no-argument constructor that configure the proxy's builder, applied in order
   * after the extension's defaults: the annotation's form of {@link SluiceExtension.Builder#proxy}.
   *
   * <pre>{@code
   * public static final class WithAnticache implements Consumer<ProxyServer.Builder> {
   *   public void accept(ProxyServer.Builder proxy) { proxy.anticache(); }
   * }
   * @Sluice(configure = WithAnticache.class) class MyTest { ... }
   * }</pre>
   */
  Class<? extends Consumer<ProxyServer.Builder>>[] configure() default {};

  /** How long {@link TestProxy#takeFlow()} waits, in milliseconds. */
  long takeFlowTimeoutMillis() default 5000;

  /**
   * Where a failed test's flows go as an HTML report ({@code <directory>/<TestClass>/<method>.html},
   * relative to the working directory, which is the module's under Maven and Gradle), or
   * {@code "off"} for no report. Empty (the default): the {@value #REPORT} configuration parameter
   * or system property, else {@value #DEFAULT_REPORT_DIRECTORY}.
   *
   * <pre>{@code
   * @Sluice(report = "build/flow-reports") class CheckoutTest { ... }
   * }</pre>
   */
  String report() default "";
}
