package dev.sluice.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Record-or-replay for the test proxy ("VCR"): a test, or every test of a class, whose traffic is
 * kept in a cassette, one mitmproxy dump per test. When the cassette exists the proxy answers from
 * it and never forwards: a request it does not hold gets a {@code 502} whose body names it, and the
 * test fails with a message naming the request, the closest recorded one and how to re-record. When the
 * cassette does not exist, the requests go to the real upstream and, if the test passes, every
 * finished flow is written to the cassette at once (a temporary file, then moved over it); a
 * failed write fails the test. {@link #mode()} and the {@value RecordMode#PROPERTY} property
 * choose otherwise.
 *
 * <p>The cassette is {@code src/test/resources/sluice/<TestClass>/<method>.mitm} (the class name
 * without its package, a nested class as {@code Outer.Inner}; a repeated or parameterized test's
 * invocations add {@code -1}, {@code -2}, ...), relative to the working directory, which is the
 * module's directory under Maven and Gradle. The configuration parameter {@value #DIRECTORY}
 * moves that root; {@link #value()} names one file. The same path is read and written, so a
 * recording is committed with the test.
 *
 * <p>By default a replayed test may use fewer interactions than were recorded; with
 * {@link #allowUnused() allowUnused = false} (VCR's {@code allow_unused_http_interactions: false}),
 * or the configuration parameter {@value #ALLOW_UNUSED} for every cassette, a test that replayed
 * its cassette and passed fails listing the recorded requests it never used.
 *
 * <pre>{@code
 * @Sluice
 * class OrdersClientTest {
 *   @Cassette
 *   @Test void listsOrders(HttpClient client) throws Exception {
 *     var response = client.send(HttpRequest.newBuilder(URI.create("https://api.example.com/orders")).build(),
 *         BodyHandlers.ofString());
 *     assertThat(response.statusCode()).isEqualTo(200);
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Cassette {

  /** The configuration parameter naming the root directory of cassettes ({@code src/test/resources/sluice}). */
  String DIRECTORY = "sluice.cassettes";

  /**
   * The configuration parameter (or system property), {@code true} or {@code false}, that
   * overrides every annotation's {@link #allowUnused()}, as {@value RecordMode#PROPERTY} overrides
   * {@link #mode()}: {@code -Dsluice.cassettes.allowUnused=false} makes every cassette strict.
   */
  String ALLOW_UNUSED = "sluice.cassettes.allowUnused";

  /** The cassette file, relative to the working directory; empty (the default) for the per-test path. */
  String value() default "";

  /** When to record; overridden by the {@value RecordMode#PROPERTY} property. */
  RecordMode mode() default RecordMode.MISSING;

  /**
   * Headers whose values are written as {@code REDACTED}, in requests and responses, so that the
   * cassette can be committed: {@code {"Authorization", "Cookie", "Set-Cookie"}}, say. Only the
   * cassette is changed, never the traffic; requests match without their headers, so replay is
   * unaffected.
   */
  String[] redactHeaders() default {};

  /**
   * Whether a test that replays the cassette may leave recorded interactions unused (the
   * default). When {@code false}, a test that replayed the cassette and passed fails with an
   * {@link AssertionError} naming the cassette and listing, in recorded order, each recorded
   * request whose response answered nothing, and how to fix it; a test that records, or that
   * failed anyway, is never failed for this. Each recorded response answers one request. Overridden
   * by the {@value #ALLOW_UNUSED} property.
   *
   * <pre>{@code
   * @Cassette(allowUnused = false)   // every recorded request must be made again
   * @Test void syncsEveryPage(HttpClient client) { ... }
   * }</pre>
   */
  boolean allowUnused() default true;
}
