package dev.sluice.core.internal.tls;

import dev.sluice.core.TlsEngine;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** The Netty {@link SslProvider} behind each {@link TlsEngine}. */
public final class TlsProviders {

  private TlsProviders() {}

  /**
   * The provider for {@code engine} on this machine: OpenSSL for {@link TlsEngine#AUTO} when it
   * loads and offers ALPN, else the JDK's.
   *
   * @throws IllegalStateException naming the reason when {@link TlsEngine#OPENSSL} is not available
   */
  public static SslProvider of(TlsEngine engine) {
    boolean usable = OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL);
    return of(engine, usable ? null : unavailability());
  }

  /** The provider for {@code engine} when OpenSSL is unavailable for {@code reason} (null when it is available). */
  static SslProvider of(TlsEngine engine, String reason) {
    return switch (engine) {
      case JDK -> SslProvider.JDK;
      case AUTO -> reason == null ? SslProvider.OPENSSL : SslProvider.JDK;
      case OPENSSL -> {
        if (reason != null) {
          throw new IllegalStateException("tlsEngine OPENSSL: OpenSSL is not available: " + reason);
        }
        yield SslProvider.OPENSSL;
      }
    };
  }

  private static String unavailability() {
    Throwable cause = OpenSsl.unavailabilityCause();
    return cause != null ? TlsInfos.reason(cause) : "its ALPN support is missing";
  }
}
