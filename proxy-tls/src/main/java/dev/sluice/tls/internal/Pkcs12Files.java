package dev.sluice.tls.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;

/** PKCS#12 key stores: reading a CA's key and certificate, writing a certificate-only store. */
public final class Pkcs12Files {

  private Pkcs12Files() {}

  /**
   * The first private key entry of {@code file} and its certificate.
   *
   * @throws IOException naming {@code file} and what is wrong (corrupt, wrong password, no key)
   */
  public static KeyAndCertificate read(Path file, char[] password) throws IOException {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(file + ": not a PKCS#12 file, or the password is wrong ("
          + e.getMessage() + ")", e);
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        Key key = store.getKey(alias, password);
        Certificate certificate = store.getCertificate(alias);
        if (key instanceof PrivateKey privateKey && certificate instanceof X509Certificate x509) {
          return new KeyAndCertificate(x509, privateKey);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": cannot read a private key entry (" + e.getMessage() + ")", e);
    }
    throw new IOException(file + ": holds no private key entry with a certificate");
  }

  /** A PKCS#12 store holding only {@code certificate}, as a trusted entry, with an empty password. */
  public static byte[] certificateOnly(X509Certificate certificate, String alias) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(alias, certificate);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, new char[0]);
      return out.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the CA certificate as PKCS#12", e);
    }
  }
}
