package dev.sluice.core.internal.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import java.util.List;

/** The ALPN protocols the proxy speaks on either side: {@code h2} first when HTTP/2 is on, and {@code http/1.1}. */
public final class Alpn {

  private Alpn() {}

  /** The names, in order of preference. */
  public static List<String> names(boolean http2) {
    return http2 ? List.of("h2", "http/1.1") : List.of("http/1.1");
  }

  /**
   * What to accept from a client that offers {@code offered} once its server chose {@code chosen}
   * (null when it chose none: HTTP/1.1): only that protocol when the client offered it, so both sides
   * speak the same; else every protocol the proxy speaks, and the proxy translates.
   */
  public static List<String> afterServer(List<String> offered, String chosen, boolean http2) {
    String spoken = chosen == null ? "http/1.1" : chosen;
    return offered.contains(spoken) && names(http2).contains(spoken) ? List.of(spoken) : names(http2);
  }

  /** Netty's configuration offering (as a client) or accepting (as a server) {@link #names}. */
  static ApplicationProtocolConfig protocols(boolean http2) {
    return protocols(names(http2));
  }

  /** Netty's configuration offering (as a client) or accepting (as a server) {@code names}, in that order. */
  static ApplicationProtocolConfig protocols(List<String> names) {
    return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, names);
  }
}
