package dev.sluice.tls;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.sluice.api.CertificateIssuer;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.internal.CaCertificates;
import dev.sluice.tls.internal.CaDirectory;
import dev.sluice.tls.internal.KeyAndCertificate;
import dev.sluice.tls.internal.KeyPairs;
import dev.sluice.tls.internal.LeafKeyManager;
import dev.sluice.tls.internal.LeafMinter;
import dev.sluice.tls.internal.PemFiles;
import dev.sluice.tls.internal.Pkcs12Files;
import dev.sluice.tls.internal.TrustMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate authority that mints leaf certificates for intercepted hosts, and the trust
 * material that makes clients accept them. Thread-safe.
 *
 * <p>Create one in memory ({@link #ephemeral()}, {@link #builder()}), or keep one on disk with
 * {@link #loadOrCreate(Path)}: the directory gets the same set of files mitmproxy writes to
 * {@code ~/.mitmproxy}, under Sluice's names ({@value #CA_FILE} with the key, owner-only, and the
 * certificate alone as {@value #CERTIFICATE_PEM_FILE}, {@value #CERTIFICATE_DER_FILE} and
 * {@value #CERTIFICATE_P12_FILE}). {@link #load(Path)} also reads mitmproxy's own
 * {@code mitmproxy-ca.pem}.
 *
 * <p>Every minted leaf shares one EC P-256 key pair made for this instance, so minting costs one
 * signature; up to 1000 minted certificates are cached by request, for 30 days at most. Leaves
 * carry every name as a subjectAltName (an IP address entry for an IP literal), serverAuth,
 * CA:FALSE, the CA's key identifier, and are valid from a day ago for 365 days.
 *
 * <p>Nothing here has a JVM-global side effect: BouncyCastle is never registered as a security
 * provider, and trust material is handed out, never installed as a default.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.ephemeral();
 * IssuedCertificate leaf = ca.issue(CertificateRequest.forNames("example.com", "127.0.0.1"));
 * HttpClient client = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
 * }</pre>
 */
public final class CertificateAuthority implements CertificateIssuer {

  /** The key and certificate file of a CA directory (PEM, permissions 0600). */
  public static final String CA_FILE = CaDirectory.KEY_AND_CERTIFICATE;
  /** The certificate of a CA directory as PEM: what {@code curl --cacert} wants. */
  public static final String CERTIFICATE_PEM_FILE = CaDirectory.CERTIFICATE_PEM;
  /** The certificate of a CA directory as DER, for Windows and Android. */
  public static final String CERTIFICATE_DER_FILE = CaDirectory.CERTIFICATE_DER;
  /** The certificate of a CA directory as PKCS#12 with an empty password, for Windows and macOS. */
  public static final String CERTIFICATE_P12_FILE = CaDirectory.CERTIFICATE_P12;

  private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
  private static final int CACHE_SIZE = 1000;
  /** Well inside a leaf's validity, so a long-running proxy never serves an expired leaf. */
  private static final Duration CACHE_TIME = Duration.ofDays(30);
  private static final String ALIAS = "sluice-ca";

  private final KeyAndCertificate ca;
  private final Supplier<LeafMinter> minter;
  private final Cache<CertificateRequest, IssuedCertificate> minted =
      CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(CACHE_TIME).build();
  // Guava's own Supplier type, not java.util.function's: the two are one type in Guava's jre flavour
  // only, and a build with grpc-java resolves the android one (an IncompatibleClassChangeError at run time)
  private final Supplier<X509ExtendedTrustManager> trustManager;
  private final Supplier<SSLContext> sslContext;

  private CertificateAuthority(KeyAndCertificate ca) {
    this.ca = ca;
    // the leaf key pair and BouncyCastle's classes at the first leaf, not at start
    this.minter = Suppliers.memoize(() -> new LeafMinter(ca));
    this.trustManager = Suppliers.memoize(() -> TrustMaterial.trustManager(trustStore()));
    this.sslContext = Suppliers.memoize(() -> TrustMaterial.clientContext(trustManager()));
  }

  /**
   * A new in-memory CA with the defaults of {@link #builder()} (EC P-256): what a test wants.
   *
   * <pre>{@code CertificateAuthority ca = CertificateAuthority.ephemeral();}</pre>
   */
  public static CertificateAuthority ephemeral() {
    return builder().build();
  }

  /**
   * A builder for a new CA.
   *
   * <pre>{@code
   * CertificateAuthority ca = CertificateAuthority.builder()
   *     .commonName("ACME test CA").rsa(3072).validity(Duration.ofDays(90)).build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The CA kept in {@code directory}: loads its {@value #CA_FILE} when present, otherwise creates
   * the directory (0700) and a new CA, and saves it there (see {@link #save(Path)}).
   *
   * <pre>{@code
   * Path home = Path.of(System.getProperty("user.home"), ".sluice");
   * CertificateAuthority ca = CertificateAuthority.loadOrCreate(home);
   * }</pre>
   *
   * @throws IOException if the directory cannot be written, or its CA file is unusable (the
   *     message names the file)
   */
  public static CertificateAuthority loadOrCreate(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Path file = directory.resolve(CA_FILE);
    if (Files.exists(file)) {
      return load(file);
    }
    CertificateAuthority created = ephemeral();
    created.save(directory);
    log.info("Created a new CA in {} ({})", directory, created);
    return created;
  }

  /**
   * Loads a CA from one PEM file holding its certificate and its unencrypted private key (PKCS#8
   * or traditional RSA / EC), such as {@value #CA_FILE} or mitmproxy's {@code mitmproxy-ca.pem}.
   *
   * <pre>{@code
   * CertificateAuthority ca = CertificateAuthority.load(Path.of(home, ".mitmproxy", "mitmproxy-ca.pem"));
   * }</pre>
   *
   * @throws IOException naming {@code pemFile} if it is missing, corrupt, has no key or no matching
   *     certificate, or the certificate is not a CA
   */
  public static CertificateAuthority load(Path pemFile) throws IOException {
    Objects.requireNonNull(pemFile, "pemFile");
    return new CertificateAuthority(CaCertificates.requireUsable(PemFiles.read(pemFile), pemFile));
  }

  /**
   * Loads a CA from a PKCS#12 key store: the first private key entry and its certificate.
   *
   * <pre>{@code
   * CertificateAuthority ca = CertificateAuthority.loadPkcs12(Path.of("ca.p12"), "secret".toCharArray());
   * }</pre>
   *
   * @throws IOException naming {@code file} if it is missing, corrupt, the password is wrong, or
   *     it holds no usable CA key entry
   */
  public static CertificateAuthority loadPkcs12(Path file, char[] password) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    return new CertificateAuthority(CaCertificates.requireUsable(Pkcs12Files.read(file, password), file));
  }

  /**
   * Writes this CA into {@code directory} (created if needed): {@value #CA_FILE} (key and
   * certificate, owner-only), {@value #CERTIFICATE_PEM_FILE}, {@value #CERTIFICATE_DER_FILE} and
   * {@value #CERTIFICATE_P12_FILE}, replacing existing files.
   *
   * <pre>{@code ca.save(Path.of("build", "ca"));}</pre>
   */
  public void save(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    CaDirectory.write(directory, ca);
  }

  /**
   * A leaf certificate for the request's names, minted or from the cache. The chain is the leaf,
   * then this CA's certificate.
   *
   * <pre>{@code IssuedCertificate leaf = ca.issue(CertificateRequest.forNames("*.example.com", "::1"));}</pre>
   *
   * @throws IllegalArgumentException naming a name that is neither a host name nor an IP literal
   */
  @Override
  public IssuedCertificate issue(CertificateRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      return minted.get(request, () -> minter.get().mint(request));
    } catch (UncheckedExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot mint a certificate for " + request.names(), e.getCause());
    }
  }

  /**
   * A new client certificate signed by this CA, for mutual TLS: subject {@code CN=commonName},
   * extendedKeyUsage clientAuth; the chain is the leaf, then this CA's certificate. A server that
   * trusts this CA ({@link #trustManager()}) accepts it from a client that presents it, as the
   * proxy does with {@link ClientCertificates}.
   *
   * <pre>{@code
   * IssuedCertificate client = clientCa.issueClientCertificate("build-agent-7");
   * Files.writeString(Path.of("client.pem"), ClientCertificates.pem(client));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code commonName} is empty or longer than 64 characters
   */
  public IssuedCertificate issueClientCertificate(String commonName) {
    return minter.get().mintClient(Objects.requireNonNull(commonName, "commonName"));
  }

  /** This CA's certificate. */
  public X509Certificate certificate() {
    return ca.certificate();
  }

  /** This CA's certificate as PEM text ({@code -----BEGIN CERTIFICATE-----}). */
  public String certificatePem() {
    return PemFiles.pem(ca.certificate());
  }

  /** This CA's certificate as DER bytes (a new array on each call). */
  public byte[] certificateDer() {
    try {
      return ca.certificate().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
  }

  /** A new in-memory key store with this CA's certificate as its only trusted entry. */
  public KeyStore trustStore() {
    return TrustMaterial.trustStore(ca.certificate(), ALIAS);
  }

  /**
   * The JDK's PKIX trust manager trusting this CA and nothing else.
   *
   * <pre>{@code
   * OkHttpClient client = new OkHttpClient.Builder()
   *     .sslSocketFactory(ca.sslContext().getSocketFactory(), ca.trustManager())
   *     .build();
   * }</pre>
   */
  public X509ExtendedTrustManager trustManager() {
    return trustManager.get();
  }

  /**
   * A client {@link SSLContext} trusting this CA and nothing else; never installed as the default.
   *
   * <pre>{@code HttpClient client = HttpClient.newBuilder().sslContext(ca.sslContext()).build();}</pre>
   */
  public SSLContext sslContext() {
    return sslContext.get();
  }

  /**
   * A server {@link SSLContext} presenting a leaf minted for {@code names}: an HTTPS origin server
   * in a test that clients trusting this CA accept.
   *
   * <pre>{@code
   * HttpsServer origin = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
   * origin.setHttpsConfigurator(new HttpsConfigurator(ca.serverSslContext("localhost", "127.0.0.1")));
   * }</pre>
   */
  public SSLContext serverSslContext(String... names) {
    return TrustMaterial.serverContext(issue(CertificateRequest.forNames(names)));
  }

  /**
   * A key manager presenting {@code leaf}, for TLS stacks built from key managers (such as
   * Netty's {@code SslContextBuilder.forServer(KeyManagerFactory)}): no key store in between, so no
   * password-based encryption of the key (tens of milliseconds) each time a context is built. As a
   * client's, it presents {@code leaf} to every server that asks for a certificate, whatever
   * issuers the server names.
   *
   * <pre>{@code
   * X509ExtendedKeyManager keys = CertificateAuthority.keyManager(ca.issue(request));
   * }</pre>
   */
  public static X509ExtendedKeyManager keyManager(IssuedCertificate leaf) {
    return new LeafKeyManager(Objects.requireNonNull(leaf, "leaf"));
  }

  /**
   * The CA's subject, key type and expiry, e.g.
   * {@code CA[CN=Sluice CA,O=Sluice, EC, until 2036-11-20T12:00:00Z]}.
   */
  @Override
  public String toString() {
    return "CA[" + ca.certificate().getSubjectX500Principal().getName() + ", "
        + ca.certificate().getPublicKey().getAlgorithm() + ", until "
        + ca.certificate().getNotAfter().toInstant() + "]";
  }

  /**
   * Configures a new CA: its subject, key type and validity. Defaults: CN "Sluice CA", O "Sluice",
   * EC P-256, valid for 10 years (from a day ago).
   *
   * <pre>{@code
   * CertificateAuthority ca = CertificateAuthority.builder().commonName("My CA").ecdsaP256().build();
   * }</pre>
   */
  public static final class Builder {

    private String commonName = "Sluice CA";
    private String organization = "Sluice";
    private int rsaBits;
    private Duration validity = Duration.ofDays(3650);

    private Builder() {}

    /** The CA's CN. */
    public Builder commonName(String commonName) {
      Objects.requireNonNull(commonName, "commonName");
      if (commonName.isBlank() || commonName.length() > 64) {
        throw new IllegalArgumentException("commonName: 1 to 64 characters, not blank: \""
            + commonName + "\"");
      }
      this.commonName = commonName;
      return this;
    }

    /** The CA's O, or {@code null} for none. */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /** An EC key on the NIST P-256 curve, signing with SHA256withECDSA (the default). */
    public Builder ecdsaP256() {
      this.rsaBits = 0;
      return this;
    }

    /** An RSA key of {@code bits} (2048, 3072 or 4096), signing with SHA256withRSA. */
    public Builder rsa(int bits) {
      if (bits != 2048 && bits != 3072 && bits != 4096) {
        throw new IllegalArgumentException("bits: 2048, 3072 or 4096, not " + bits);
      }
      this.rsaBits = bits;
      return this;
    }

    /** How long the CA certificate is valid from now (positive). */
    public Builder validity(Duration validity) {
      Objects.requireNonNull(validity, "validity");
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("validity: must be positive, not " + validity);
      }
      this.validity = validity;
      return this;
    }

    /** Generates the key pair and the self-signed certificate. */
    public CertificateAuthority build() {
      KeyPair keyPair = rsaBits == 0 ? KeyPairs.ecP256() : KeyPairs.rsa(rsaBits);
      X509Certificate certificate =
          CaCertificates.create(keyPair, commonName, organization, validity);
      return new CertificateAuthority(new KeyAndCertificate(certificate, keyPair.getPrivate()));
    }
  }
}
