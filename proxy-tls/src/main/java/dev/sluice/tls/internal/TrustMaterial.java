package dev.sluice.tls.internal;

import dev.sluice.api.IssuedCertificate;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** JDK trust material built from certificates, with no JVM-global side effect. */
public final class TrustMaterial {

  private TrustMaterial() {}

  /** A new in-memory key store holding {@code ca} as its only trusted certificate. */
  public static KeyStore trustStore(X509Certificate ca, String alias) {
    try {
      KeyStore store = emptyKeyStore();
      store.setCertificateEntry(alias, ca);
      return store;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  /** The JDK's PKIX trust manager over {@code trustStore}, and nothing else. */
  public static X509ExtendedTrustManager trustManager(KeyStore trustStore) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      return Arrays.stream(factory.getTrustManagers())
          .filter(X509ExtendedTrustManager.class::isInstance)
          .map(X509ExtendedTrustManager.class::cast)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("the JDK offers no X509ExtendedTrustManager"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust manager", e);
    }
  }

  /** A TLS client context that trusts only what {@code trustManager} trusts. */
  public static SSLContext clientContext(X509ExtendedTrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a client SSLContext", e);
    }
  }

  /** A TLS server context presenting {@code leaf} (its key and chain). */
  public static SSLContext serverContext(IssuedCertificate leaf) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new LeafKeyManager(leaf)}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a server SSLContext", e);
    }
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot initialise an empty key store", e);
    }
  }
}
