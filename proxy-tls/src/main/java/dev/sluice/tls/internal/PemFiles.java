package dev.sluice.tls.internal;

import dev.sluice.api.IssuedCertificate;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a private key with its certificate from a PEM file holding both, in any order (PKCS#8
 * {@code PRIVATE KEY}, or traditional {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY}, as in
 * mitmproxy's {@code mitmproxy-ca.pem}): a CA, or a client certificate with the rest of its chain;
 * and writes PEM text.
 */
public final class PemFiles {

  private PemFiles() {}

  /**
   * The private key of {@code file} and the certificate that matches it.
   *
   * @throws IOException naming {@code file} and what is wrong with it
   */
  public static KeyAndCertificate read(Path file) throws IOException {
    Contents contents = contents(file, "no such CA file");
    return new KeyAndCertificate(contents.chain().get(0), contents.key());
  }

  /**
   * The private key of {@code file} and every certificate in it: the one that matches the key
   * first, then the others in the order of the file (the rest of its chain, for a client certificate).
   *
   * @throws IOException naming {@code file} and what is wrong with it
   */
  public static IssuedCertificate readKeyAndChain(Path file) throws IOException {
    Contents contents = contents(file, "no such file");
    return new IssuedCertificate(contents.key(), contents.chain());
  }

  /** The one private key of a file, and its certificates, the one that matches the key first. */
  private record Contents(PrivateKey key, List<X509Certificate> chain) {}

  private static Contents contents(Path file, String missing) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, missing);
    } catch (IOException e) {
      throw new IOException(file + ": not a readable PEM file (" + e.getMessage() + ")", e);
    }
    JdkPem.Blocks usual = JdkPem.read(text);
    if (usual != null) {
      PrivateKey key = KeyPairs.requireSupported(usual.key(), file);
      return new Contents(key, keyFirst(file, usual.certificates(), key));
    }
    List<X509Certificate> certificates = new ArrayList<>();
    List<PrivateKeyInfo> keys = new ArrayList<>();
    for (Object block : blocks(file, text)) {
      if (block instanceof X509CertificateHolder certificate) {
        certificates.add(toCertificate(file, certificate));
      } else if (block instanceof PEMKeyPair keyPair) {
        keys.add(keyPair.getPrivateKeyInfo());
      } else if (block instanceof PrivateKeyInfo key) {
        keys.add(key);
      } else if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new IOException(file + ": the private key is encrypted; decrypt it first (for"
            + " example with `openssl pkey -in " + file.getFileName() + "`)");
      }
    }
    PrivateKey key = onlyKey(file, keys);
    return new Contents(key, keyFirst(file, certificates, key));
  }

  private static List<Object> blocks(Path file, String text) throws IOException {
    List<Object> blocks = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        blocks.add(block);
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": not a readable PEM file (" + e.getMessage() + ")", e);
    }
    return blocks;
  }

  private static PrivateKey onlyKey(Path file, List<PrivateKeyInfo> keys) throws IOException {
    if (keys.size() != 1) {
      throw new IOException(file + ": expected one private key, found " + keys.size());
    }
    PrivateKeyInfo info = keys.get(0);
    ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
    String keyAlgorithm = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm) ? "EC"
        : PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) ? "RSA" : null;
    if (keyAlgorithm == null) {
      String name = EdECObjectIdentifiers.id_Ed25519.equals(algorithm) ? "Ed25519"
          : EdECObjectIdentifiers.id_Ed448.equals(algorithm) ? "Ed448" : algorithm.getId();
      throw new IOException(file + ": unsupported key algorithm " + name + " (EC and RSA are supported)");
    }
    try {
      // The JDK's own key factory: registering BouncyCastle's provider costs a second of start-up.
      PrivateKey key = KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
      return KeyPairs.requireSupported(key, file);
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException(file + ": unsupported or corrupt private key (" + e.getMessage() + ")", e);
    }
  }

  private static List<X509Certificate> keyFirst(Path file, List<X509Certificate> certificates, PrivateKey key)
      throws IOException {
    if (certificates.isEmpty()) {
      throw new IOException(file + ": no CERTIFICATE block found");
    }
    List<X509Certificate> chain = new ArrayList<>(certificates);
    for (int i = 0; i < chain.size(); i++) {
      if (Certificates.keysMatch(key, chain.get(i).getPublicKey())) {
        chain.add(0, chain.remove(i));
        return chain;
      }
    }
    throw new IOException(file + ": the private key matches none of the " + certificates.size()
        + " certificate(s)");
  }

  private static X509Certificate toCertificate(Path file, X509CertificateHolder holder)
      throws IOException {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IOException(file + ": corrupt certificate (" + e.getMessage() + ")", e);
    }
  }

  /** PEM text of {@code objects}: certificates as CERTIFICATE, private keys as PKCS#8. */
  public static String pem(Object... objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PEM", e);
    }
    return text.toString();
  }
}
