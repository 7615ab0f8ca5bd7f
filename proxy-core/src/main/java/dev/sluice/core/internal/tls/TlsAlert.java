package dev.sluice.core.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * TLS alert records written before any handshake, so a refusal reads the same whichever TLS
 * implementation the proxy runs (OpenSSL cannot be told to fail ALPN with an alert).
 */
public final class TlsAlert {

  private static final int ALERT = 21;
  private static final int TLS_1_2 = 0x0303;
  private static final int FATAL = 2;
  private static final int NO_APPLICATION_PROTOCOL = 120;

  private TlsAlert() {}

  /** A fatal {@code no_application_protocol} alert (RFC 7301), as a server answers an ALPN offer it cannot meet. */
  public static ByteBuf noApplicationProtocol(ByteBufAllocator alloc) {
    return alloc.buffer(7).writeByte(ALERT).writeShort(TLS_1_2).writeShort(2)
        .writeByte(FATAL).writeByte(NO_APPLICATION_PROTOCOL);
  }
}
