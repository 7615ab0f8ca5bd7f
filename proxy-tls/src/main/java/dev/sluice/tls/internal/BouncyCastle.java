package dev.sluice.tls.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance of this module, used to sign certificates (its ECDSA is
 * faster than the JDK 17's). Loaded on the first signature only: registering it loads about 300
 * classes, so reading a CA at start-up uses the JDK's providers.
 */
public final class BouncyCastle {

  /** Never added to {@code java.security.Security}: no JVM-global side effect. */
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
