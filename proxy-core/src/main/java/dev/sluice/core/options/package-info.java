/**
 * Options, declared once beside the hook they configure, under mitmproxy's names: what the
 * builder's typed methods set, what {@code --set name=value}, the command line's flags and
 * {@code --options} come from.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.core.options.Option}: one declaration (name, type, default, help, how its
 *       text is read and checked, how it configures the builder); declare one for your own hook.</li>
 *   <li>{@link dev.sluice.core.options.OptionRegistry}: a set of declarations looked up by name,
 *       with the nearest known name for a misspelt one; {@code OptionRegistry.core()} holds
 *       {@code proxy-core}'s.</li>
 *   <li>{@link dev.sluice.core.options.EngineOptions}: the engine's own options
 *       ({@code listen_port}, {@code mode}, {@code body_size_limit}, {@code upstream_cert}, ...).
 *       Each hook class declares its own ({@code Anticache.ANTICACHE},
 *       {@code ModifyHeaders.MODIFY_HEADERS}, ...) and lists them in its {@code OPTIONS}.</li>
 * </ul>
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.builder()
 *     .set(Anticache.ANTICACHE, true)                  // the same as .anticache()
 *     .option("modify_headers", "/~q/X-Test/1")        // the text form, as --set takes it
 *     .start();
 * }</pre>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}.
 */
package dev.sluice.core.options;
