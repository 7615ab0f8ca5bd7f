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

  /** Netty's configuration offering (as a client) or accepting (as a server) {@link #names}. */
  static ApplicationProtocolConfig protocols(boolean http2) {
    return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, names(http2));
  }
}
