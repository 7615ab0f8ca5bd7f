/**
 * Sluice in JUnit 5 tests: a proxy per class or per test, a client that trusts it, a flow log to
 * assert on, and record-or-replay cassettes.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.junit5.Sluice}: the annotation that gives a test class a proxy with the defaults.</li>
 *   <li>{@link dev.sluice.junit5.SluiceExtension}: the extension, configured in place with the
 *       proxy's own builder for a {@code @RegisterExtension} field.</li>
 *   <li>{@link dev.sluice.junit5.TestProxy}: what a test gets: the server, a trusting client,
 *       the CA, and the flow log ({@code flows()}, {@code takeFlow()}).</li>
 *   <li>{@link dev.sluice.junit5.Cassette} and {@link dev.sluice.junit5.RecordMode}: record a test's
 *       traffic once, replay it offline afterwards.</li>
 *   <li>{@link dev.sluice.junit5.ProxyClients}: one-line JDK {@code HttpClient},
 *       {@code HttpURLConnection} and subprocess set-ups, none of them JVM-wide.</li>
 * </ul>
 *
 * <pre>{@code
 * @Sluice
 * class FirstTest {
 *   @Test void goesThroughTheProxy(TestProxy proxy, HttpClient client) throws Exception {
 *     client.send(HttpRequest.newBuilder(URI.create("https://api.example.com/")).build(), BodyHandlers.ofString());
 *     assertThat(proxy.takeFlow().request().host()).isEqualTo("api.example.com");
 *   }
 * }
 * }</pre>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}.
 */
package dev.sluice.junit5;
