package dev.sluice.tls.internal;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the usual PEM file, the one Sluice writes (PKCS#8 {@code PRIVATE KEY} and
 * {@code CERTIFICATE} blocks, an RSA or EC key), with the JDK alone: loading BouncyCastle's parser
 * was the largest part of the command line's start-up. Any other file, or anything wrong with this
 * one, is left to {@link PemFiles}' full reader, which names the problem.
 *
 * <pre>{@code
 * JdkPem.Blocks blocks = JdkPem.read(Files.readString(file, StandardCharsets.ISO_8859_1));
 * if (blocks == null) { ... BouncyCastle's parser ... }
 * }</pre>
 */
final class JdkPem {

  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA");

  /** One private key and the certificates of a file, in the file's order. */
  record Blocks(PrivateKey key, List<X509Certificate> certificates) {}

  private JdkPem() {}

  /** The key and certificates of {@code text}; null when it holds anything else, or anything the JDK cannot read. */
  static Blocks read(String text) {
    List<PrivateKey> keys = new ArrayList<>();
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher block = BLOCK.matcher(text);
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      while (block.find()) {
        byte[] der = Base64.getMimeDecoder().decode(block.group(2).trim());
        switch (block.group(1)) {
          case "CERTIFICATE" -> certificates.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
          case "PRIVATE KEY" -> keys.add(pkcs8(der));
          default -> {
            return null;
          }
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
    // a block cut short (no END line) is the full reader's to report
    boolean whole = keys.size() + certificates.size() == text.split("-----BEGIN ", -1).length - 1;
    return whole && keys.size() == 1 && !certificates.isEmpty() ? new Blocks(keys.get(0), certificates) : null;
  }

  /** A PKCS#8 key the JDK reads as EC or RSA. */
  private static PrivateKey pkcs8(byte[] der) throws InvalidKeySpecException {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException wrongAlgorithm) {
        // the next one
      }
    }
    throw new InvalidKeySpecException("neither an EC nor an RSA key");
  }
}
