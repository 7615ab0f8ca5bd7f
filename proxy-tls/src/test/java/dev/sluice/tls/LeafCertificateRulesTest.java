package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The rules every minted leaf follows, one test per rule (the numbers are those of issue 3). */
class LeafCertificateRulesTest {

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final Set<String> KNOWN_CRITICAL = Set.of("2.5.29.15", "2.5.29.17", "2.5.29.19");
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private static final CertificateAuthority CA = CertificateAuthority.ephemeral();

  private static X509Certificate leaf(String... names) {
    return CA.issue(CertificateRequest.forNames(names)).certificate();
  }

  // Rule 1: subjectAltName.

  @Test
  void hostNamesBecomeDnsSubjectAltNames() {
    X509Certificate leaf = leaf("example.com", "www.example.com");

    assertThat(Extensions.dnsNames(leaf)).containsExactly("example.com", "www.example.com");
    assertThat(Extensions.ipAddresses(leaf)).isEmpty();
  }

  @Test
  void wildcardNamesAreDnsSubjectAltNames() {
    assertThat(Extensions.dnsNames(leaf("*.example.com", "example.com")))
        .containsExactly("*.example.com", "example.com");
  }

  @Test
  void ipv4LiteralsBecomeIpAddressEntriesAndNeverDnsNames() {
    X509Certificate leaf = leaf("127.0.0.1");

    assertThat(Extensions.ipAddresses(leaf)).containsExactly(InetAddresses.forString("127.0.0.1"));
    assertThat(Extensions.dnsNames(leaf)).isEmpty();
  }

  @Test
  void ipv6LiteralsBecomeIpAddressEntriesWithOrWithoutBrackets() {
    X509Certificate leaf = leaf("::1", "[2001:db8::7]");

    assertThat(Extensions.ipAddresses(leaf)).containsExactly(
        InetAddresses.forString("::1"), InetAddresses.forString("2001:db8::7"));
    assertThat(Extensions.dnsNames(leaf)).isEmpty();
  }

  @Test
  void namesAndAddressesMixInOneCertificate() {
    X509Certificate leaf = leaf("localhost", "127.0.0.1", "::1");

    assertThat(Extensions.dnsNames(leaf)).containsExactly("localhost");
    assertThat(Extensions.ipAddresses(leaf)).hasSize(2);
  }

  @Test
  void theCommonNameRepeatsTheFirstNameAndTheOrganizationIsCopied() {
    IssuedCertificate issued = CA.issue(new CertificateRequest(List.of("example.com", "a.example.com"),
        null, "Example Inc"));

    assertThat(issued.certificate().getSubjectX500Principal())
        .isEqualTo(new X500Principal("CN=example.com, O=Example Inc"));
  }

  @Test
  void aCommonNameLongerThan64CharactersIsLeftOutAndTheSubjectAltNameBecomesCritical() {
    String longName = "a".repeat(60) + ".example.com";

    X509Certificate leaf = leaf(longName);

    assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    assertThat(Extensions.dnsNames(leaf)).containsExactly(longName);
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
  }

  @Test
  void theSubjectAltNameIsNotCriticalWhenTheSubjectHasACommonName() {
    assertThat(leaf("example.com").getNonCriticalExtensionOIDs()).contains("2.5.29.17");
  }

  @Test
  void namesThatCannotBeInACertificateAreRejectedByName() {
    for (String bad : List.of("exa mple.com", "a..b", "foo.*.com", "*", "1.2.3", "x.123",
        "under-" + "a".repeat(60) + ".com", "ex@mple.com")) {
      assertThatThrownBy(() -> CA.issue(new CertificateRequest(List.of("ok.example", bad), null, null)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.trim());
    }
  }

  @Test
  void aTrailingDotAndUpperCaseAreNormalised() {
    assertThat(Extensions.dnsNames(leaf("WWW.Example.COM."))).containsExactly("www.example.com");
  }

  // Rule 2: key usages.

  @Test
  void extendedKeyUsageIncludesServerAuth() throws Exception {
    assertThat(leaf("example.com").getExtendedKeyUsage()).contains(SERVER_AUTH);
  }

  @Test
  void keyUsageIsDigitalSignatureAndNeverKeyCertSign() {
    boolean[] keyUsage = leaf("example.com").getKeyUsage();

    assertThat(keyUsage[DIGITAL_SIGNATURE]).isTrue();
    assertThat(keyUsage[KEY_CERT_SIGN]).isFalse();
    assertThat(keyUsage[CRL_SIGN]).isFalse();
  }

  // Rule 3: basic constraints.

  @Test
  void theLeafSaysItIsNotACa() {
    X509Certificate leaf = leaf("example.com");

    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.19");
  }

  @Test
  void theCaHasCriticalCaTrueKeyCertSignCrlSignAndASubjectKeyIdentifier() {
    X509Certificate ca = CA.certificate();

    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(ca.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
    assertThat(ca.getKeyUsage()[CRL_SIGN]).isTrue();
    assertThat(Extensions.subjectKeyIdentifier(ca)).isNotEmpty();
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
  }

  // Rule 4: key identifiers.

  @Test
  void theLeafsAuthorityKeyIdentifierIsTheCasSubjectKeyIdentifier() {
    assertThat(Extensions.authorityKeyIdentifier(leaf("example.com")))
        .isEqualTo(Extensions.subjectKeyIdentifier(CA.certificate()));
  }

  @Test
  void theLeafIsIssuedByTheCaAndVerifiesWithItsKey() throws Exception {
    X509Certificate leaf = leaf("example.com");

    assertThat(leaf.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
    leaf.verify(CA.certificate().getPublicKey());
  }

  // Rule 5: validity, signatures, serials, critical extensions.

  @Test
  void validityIsAtMost397DaysAndStartsADayAgo() {
    Instant now = Instant.now();
    X509Certificate leaf = leaf("example.com");
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();

    assertThat(Duration.between(notBefore, notAfter)).isLessThanOrEqualTo(Duration.ofDays(397));
    assertThat(notBefore).isBetween(now.minus(Duration.ofDays(1)).minusSeconds(60),
        now.minus(Duration.ofDays(1)).plusSeconds(60));
    assertThat(notAfter).isAfter(now.plus(Duration.ofDays(300)));
  }

  @Test
  void anEcCaSignsWithSha256WithEcdsa() {
    assertThat(CA.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(leaf("example.com").getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void anRsaCaSignsWithSha256WithRsa() throws Exception {
    CertificateAuthority rsa = CertificateAuthority.builder().rsa(2048).build();
    X509Certificate leaf = rsa.issue(CertificateRequest.forNames("example.com")).certificate();

    assertThat(rsa.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withRSA");
    leaf.verify(rsa.certificate().getPublicKey());
  }

  @Test
  void serialsArePositiveLargeAndDistinct() {
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      BigInteger serial = leaf("host" + i + ".example.com").getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isLessThanOrEqualTo(128);
      serials.add(serial);
    }
    assertThat(serials).hasSize(50);
    assertThat(serials.stream().mapToInt(BigInteger::bitLength).max().getAsInt()).isGreaterThan(100);
  }

  @Test
  void noExtensionIsCriticalUnlessEveryClientKnowsIt() {
    X509Certificate leaf = leaf("a".repeat(40) + "." + "b".repeat(30) + ".example.com", "127.0.0.1");

    assertThat(leaf.getCriticalExtensionOIDs()).isSubsetOf(KNOWN_CRITICAL);
    assertThat(CA.certificate().getCriticalExtensionOIDs()).isSubsetOf(KNOWN_CRITICAL);
    assertThat(leaf.hasUnsupportedCriticalExtension()).isFalse();
  }

  // Speed: one key pair, a cache.

  @Test
  void everyLeafOfOneCaSharesOneKeyPairAndTheChainIsLeafThenCa() {
    IssuedCertificate first = CA.issue(CertificateRequest.forNames("one.example"));
    IssuedCertificate second = CA.issue(CertificateRequest.forNames("two.example"));

    assertThat(second.privateKey()).isEqualTo(first.privateKey());
    assertThat(second.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
    assertThat(first.chain()).containsExactly(first.certificate(), CA.certificate());
  }

  @Test
  void theSameRequestIsServedFromTheCacheAndADifferentOneIsMintedAnew() {
    IssuedCertificate first = CA.issue(CertificateRequest.forNames("cached.example"));

    assertThat(CA.issue(CertificateRequest.forNames("cached.example"))).isSameAs(first);
    assertThat(CA.issue(new CertificateRequest(List.of("cached.example"), null, "Other")))
        .isNotSameAs(first);
  }

  @Test
  void concurrentRequestsForOneHostGetOneCertificate() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<IssuedCertificate>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = i % 2 == 0 ? "shared.example" : "own" + i + ".example";
        results.add(threads.submit(() -> CA.issue(CertificateRequest.forNames(name))));
      }
      Set<IssuedCertificate> shared = new HashSet<>();
      for (int i = 0; i < results.size(); i++) {
        IssuedCertificate issued = results.get(i).get(10, TimeUnit.SECONDS);
        issued.certificate().verify(CA.certificate().getPublicKey());
        if (i % 2 == 0) {
          shared.add(issued);
        }
      }
      assertThat(shared).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void twoCasNeverShareALeafKey() {
    CertificateAuthority other = CertificateAuthority.ephemeral();

    assertThat(other.issue(CertificateRequest.forNames("example.com")).privateKey())
        .isNotEqualTo(CA.issue(CertificateRequest.forNames("example.com")).privateKey());
  }
}
