/**
 * Sluice's model and extension points, with no dependency but the JDK.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.api.FlowHook}: the events of the proxy; implement one to observe or change traffic.</li>
 *   <li>{@link dev.sluice.api.HttpFlow}: one exchange, with its {@link dev.sluice.api.HttpRequest} and
 *       {@link dev.sluice.api.HttpResponse}, each with {@link dev.sluice.api.Headers} and a body.</li>
 *   <li>{@link dev.sluice.api.FlowFilter}: mitmproxy's filter language.</li>
 *   <li>{@link dev.sluice.api.CertificateIssuer}: the seam for minting TLS certificates.</li>
 * </ul>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}; methods that may return
 * {@code null} say so.
 */
package dev.sluice.api;
