/**
 * TLS in the engine: telling a ClientHello from HTTP by the first bytes ({@link
 * dev.sluice.core.internal.tls.FirstBytes}, {@link dev.sluice.core.internal.tls.ClientHello}), the
 * minted server contexts presented to clients ({@link dev.sluice.core.internal.tls.ServerContexts}),
 * and TLS towards upstream servers ({@link dev.sluice.core.internal.tls.UpstreamTls},
 * {@link dev.sluice.core.internal.tls.UpstreamHandshake}), both on the provider a
 * {@link dev.sluice.core.TlsEngine} picks ({@link dev.sluice.core.internal.tls.TlsProviders}), and
 * the alert refusing an ALPN offer ({@link dev.sluice.core.internal.tls.TlsAlert}). The client-session side lives in
 * {@code TunnelSniffer} and {@code TunnelHandoff}. Not an API: anything here may change without
 * notice.
 */
package dev.sluice.core.internal.tls;
