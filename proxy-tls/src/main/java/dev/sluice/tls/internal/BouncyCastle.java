package dev.sluice.tls.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one BouncyCastle provider instance of this module, passed explicitly to every builder. */
public final class BouncyCastle {

  /** Never added to {@code java.security.Security}: no JVM-global side effect. */
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
