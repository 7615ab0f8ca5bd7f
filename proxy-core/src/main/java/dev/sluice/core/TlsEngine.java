package dev.sluice.core;

/**
 * Which TLS implementation the proxy uses on both sides of an intercepted connection: the
 * certificates it presents to clients and its connections to HTTPS origins.
 *
 * <ul>
 *   <li>{@link #AUTO} (the default): OpenSSL (Netty's BoringSSL build, shipped for Linux x86-64 and
 *       AArch64) when it loads on this machine, the JDK's provider otherwise.</li>
 *   <li>{@link #JDK}: always the JDK's provider.</li>
 *   <li>{@link #OPENSSL}: always OpenSSL; {@link ProxyServer.Builder#start()} fails with an
 *       {@link IllegalStateException} naming the reason when it cannot be loaded.</li>
 * </ul>
 *
 * <p>OpenSSL makes handshakes and record encryption several times cheaper; what clients and hooks
 * see (certificates, ALPN, {@link dev.sluice.api.TlsInfo}) is the same either way.
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.builder()
 *     .tlsEngine(TlsEngine.JDK)
 *     .start();
 * }</pre>
 */
public enum TlsEngine {
  /** OpenSSL when available, the JDK's provider otherwise. */
  AUTO,
  /** The JDK's TLS provider. */
  JDK,
  /** OpenSSL (BoringSSL), or a failure at start when it is not available. */
  OPENSSL
}
