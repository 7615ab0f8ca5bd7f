package dev.sluice.core;

/**
 * Where a hook runs among the others. Every event goes to the hooks phase by phase, in the order
 * of the constants below; within a phase, hooks run in the order they were added. The built-in
 * hooks that an option adds ({@link ProxyServer.Builder#proxyAuth(String)}, {@code anticache()},
 * {@code set(option, value)}, ...) take their place in their phase when the option is first set.
 *
 * <ol>
 *   <li>{@link #AUTHENTICATION}: proxy authentication ({@code proxyauth}).</li>
 *   <li>{@link #CONNECTION}: TLS pass-through ({@code ignore_hosts}, {@code allow_hosts}).</li>
 *   <li>{@link #DEFAULT}: the feature hooks ({@code block_list}, {@code anticache},
 *       {@code anticomp}, {@code stream_large_bodies}, {@code map_remote}, {@code map_local},
 *       {@code stickyauth}, {@code stickycookie}, {@code modify_headers}, {@code modify_body},
 *       {@code latency}, {@code bandwidth}, {@code faults}, server replay) and your own, in the
 *       order added.</li>
 *   <li>{@link #RECORDING}: recorders, which see each flow as every other hook left it.</li>
 * </ol>
 *
 * <pre>{@code
 * ProxyServer.builder()
 *     .hook(HookPhase.AUTHENTICATION, auditEveryRequest)   // sees requests before proxy auth does
 *     .proxyAuth("ada:s3cret")
 *     .hook(rewriter)                                      // HookPhase.DEFAULT
 *     .hook(HookPhase.RECORDING, FlowRecorder.to(Path.of("session.mitm")))
 *     .start();
 * }</pre>
 */
public enum HookPhase {
  /**
   * Proxy authentication ({@code proxyauth}): a hook added here before {@code proxyAuth(...)} sees
   * every request as the client sent it, credentials included, whether it authenticates or not.
   */
  AUTHENTICATION,
  /**
   * Decisions about a client's connection before its flows: TLS pass-through. A hook that passes
   * hosts through belongs here.
   */
  CONNECTION,
  /** The feature hooks and your own, in the order added: where {@code hook(hook)} puts a hook. */
  DEFAULT,
  /** Recorders and other observers of the finished flow, after every hook that may change it. */
  RECORDING
}
