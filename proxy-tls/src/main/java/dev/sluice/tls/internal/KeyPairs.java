package dev.sluice.tls.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/** Key pair generation and the signature algorithm that goes with a key. */
public final class KeyPairs {

  private KeyPairs() {}

  /** A new EC key pair on the NIST P-256 curve (secp256r1). */
  public static KeyPair ecP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
    }
  }

  /** A new RSA key pair of {@code bits} bits. */
  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate RSA " + bits + " keys", e);
    }
  }

  /**
   * Checks that a loaded CA key can sign leaves (EC or RSA).
   *
   * @throws IOException naming {@code source} and the key's algorithm otherwise
   */
  public static PrivateKey requireSupported(PrivateKey key, Object source) throws IOException {
    try {
      signatureAlgorithm(key);
      return key;
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  /** SHA256withECDSA for an EC key, SHA256withRSA for an RSA key. */
  public static String signatureAlgorithm(PrivateKey key) {
    switch (key.getAlgorithm()) {
      case "EC":
      case "ECDSA":
        return "SHA256withECDSA";
      case "RSA":
        return "SHA256withRSA";
      default:
        throw new IllegalArgumentException("key: unsupported key algorithm " + key.getAlgorithm()
            + " (EC and RSA are supported)");
    }
  }
}
