/**
 * The embeddable proxy.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.core.ProxyServer}: build, start and close a proxy.</li>
 *   <li>{@link dev.sluice.core.HookPhase}: where a hook runs among the built-in ones (proxy
 *       authentication first, recorders last).</li>
 *   <li>{@link dev.sluice.core.options}: the options under mitmproxy's names, each declared beside
 *       its hook.</li>
 *   <li>{@link dev.sluice.core.ProxyMode}: regular, reverse or upstream mode.</li>
 *   <li>{@link dev.sluice.core.hooks.TlsPassThrough}: hosts whose TLS is passed through untouched.</li>
 *   <li>{@link dev.sluice.core.TlsEngine}: OpenSSL or the JDK's provider for the proxy's TLS.</li>
 * </ul>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}.
 */
package dev.sluice.core;
