package dev.sluice.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} that trusts exactly the certificates in one file (PEM or DER): the
 * proxy's CA, or the origin's own certificate for direct connections.
 *
 * <pre>{@code
 * SSLContext context = TrustedCertificates.context(Path.of("ca.pem"));
 * }</pre>
 */
public final class TrustedCertificates {

  private TrustedCertificates() {}

  /** A TLS context trusting the certificates in {@code file}. */
  public static SSLContext context(Path file) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(file)) {
      int index = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("trusted-" + index++, certificate);
      }
      if (index == 0) {
        throw new GeneralSecurityException("no certificate in " + file);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
