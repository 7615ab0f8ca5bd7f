/**
 * The feature hooks: one class per mitmproxy feature, each usable alone with
 * {@code ProxyServer.Builder.hook(...)} or through its option: a {@code public static final}
 * {@link dev.sluice.core.options.Option} named after it ({@code Anticache.ANTICACHE}), which the
 * builder method ({@code anticache()}) and the command line set. Each class lists its options in
 * {@code OPTIONS}.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.core.hooks.Anticache} and {@link dev.sluice.core.hooks.Anticomp}: no
 *       conditional requests, no compressed responses.</li>
 *   <li>{@link dev.sluice.core.hooks.ModifyHeaders} and {@link dev.sluice.core.hooks.ModifyBody}
 *       with {@link dev.sluice.core.hooks.ModifySpec}: mitmproxy's {@code modify_headers} and
 *       {@code modify_body}.</li>
 *   <li>{@link dev.sluice.core.hooks.ProxyAuth} with {@link dev.sluice.core.hooks.ProxyAuthenticator}:
 *       proxy authentication.</li>
 *   <li>{@link dev.sluice.core.hooks.StickyAuth} and {@link dev.sluice.core.hooks.StickyCookies}:
 *       replay credentials and cookies on later requests.</li>
 *   <li>{@link dev.sluice.core.hooks.StreamLargeBodies}: stream bodies past a size instead of
 *       holding them.</li>
 *   <li>{@link dev.sluice.core.hooks.TlsPassThrough}: hosts whose TLS is passed through untouched.</li>
 * </ul>
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.builder()
 *     .hook(new Anticache())
 *     .hook(ModifyHeaders.of("/~q/User-Agent/sluice-test"))
 *     .start();
 * }</pre>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}.
 */
package dev.sluice.core.hooks;
