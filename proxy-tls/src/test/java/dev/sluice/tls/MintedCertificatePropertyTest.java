package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every certificate minted for a random host name (wildcards included) or IP literal (v4 and v6)
 * validates with the JDK's own PKIX validator, and passes the JDK client's HTTPS hostname check
 * in a real (in-memory) handshake.
 */
class MintedCertificatePropertyTest {

  private static final CertificateAuthority CA = CertificateAuthority.ephemeral();

  /**
   * A name to put in a certificate and the host a client connects to under it (the same, except
   * for wildcards).
   */
  record Target(String name, String host) {}

  @Property(tries = 200)
  void everyMintedLeafValidatesAndMatchesItsHost(@ForAll("targets") Target target) throws Exception {
    IssuedCertificate issued = CA.issue(CertificateRequest.forNames(target.name()));

    validatesWithPkix(issued);
    hasTheRightSubjectAltName(issued, target);
    handshakeAccepts(target);
  }

  private static void validatesWithPkix(IssuedCertificate issued) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(CA.certificate(), null)));
    parameters.setRevocationEnabled(false);
    var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued.certificate()));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }

  private static void hasTheRightSubjectAltName(IssuedCertificate issued, Target target) {
    if (InetAddresses.isInetAddress(target.host())) {
      assertThat(Extensions.ipAddresses(issued.certificate()))
          .containsExactly(InetAddresses.forString(target.host()));
      assertThat(Extensions.dnsNames(issued.certificate())).isEmpty();
    } else {
      assertThat(Extensions.dnsNames(issued.certificate())).containsExactly(target.name());
      assertThat(Extensions.ipAddresses(issued.certificate())).isEmpty();
    }
  }

  private static void handshakeAccepts(Target target) throws Exception {
    SSLEngine client = CA.sslContext().createSSLEngine(target.host(), 443);
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    client.setSSLParameters(parameters);
    SSLEngine server = CA.serverSslContext(target.name()).createSSLEngine();
    server.setUseClientMode(false);

    InMemoryHandshake.run(client, server);

    assertThat(client.getSession().getPeerCertificates()[0])
        .isEqualTo(CA.issue(CertificateRequest.forNames(target.name())).certificate());
  }

  @Provide
  Arbitrary<Target> targets() {
    return Arbitraries.oneOf(
        hostNames().map(name -> new Target(name, name)),
        wildcards(),
        ipv4().map(ip -> new Target(ip, ip)),
        ipv6().map(ip -> new Target(ip, ip)));
  }

  private static Arbitrary<String> label() {
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('0', '9');
    Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
        .withChars('-').ofMaxLength(20);
    return Arbitraries.oneOf(edge.map(String::valueOf),
        Combinators.combine(edge, middle, edge).as((first, inner, last) -> first + inner + last));
  }

  private static Arbitrary<String> topLevel() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(8);
  }

  private static Arbitrary<String> hostNames() {
    return Combinators.combine(label().list().ofMinSize(0).ofMaxSize(3), topLevel())
        .as((labels, tld) -> String.join(".", labels) + (labels.isEmpty() ? "" : ".") + tld);
  }

  private static Arbitrary<Target> wildcards() {
    return Combinators.combine(label(), label().list().ofMinSize(1).ofMaxSize(3), topLevel())
        .as((first, labels, tld) -> {
          String domain = String.join(".", labels) + "." + tld;
          return new Target("*." + domain, first + "." + domain);
        });
  }

  private static Arbitrary<String> ipv4() {
    return Arbitraries.integers().between(0, 255).list().ofSize(4)
        .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
  }

  private static Arbitrary<String> ipv6() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16)
        .map(bytes -> {
          bytes[0] = (byte) (0x20 | (bytes[0] & 0x1f));
          try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
          } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
