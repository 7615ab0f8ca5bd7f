package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.CertificateRequest;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an upstream server's certificate adds to the request for the leaf minted for the client (upstream_cert). */
class UpstreamNamesTest {

  private static final CertificateAuthority ORIGIN_CA =
      CertificateAuthority.builder().commonName("Upstream names CA").build();

  private static X509Certificate upstream(CertificateRequest request) {
    return ORIGIN_CA.issue(request).certificate();
  }

  @Test
  void theRequestGetsTheUpstreamsNamesThenTheTargetWithItsCommonNameAndOrganization() {
    X509Certificate origin = upstream(new CertificateRequest(List.of("www.origin.test", "origin.test",
        "10.0.0.7"), "www.origin.test", "Origin Ltd"));

    CertificateRequest widened = UpstreamNames.widen(CertificateRequest.forNames("alias.test"), origin, "127.0.0.1");

    assertThat(widened.names()).containsExactly("alias.test", "www.origin.test", "origin.test", "10.0.0.7", "127.0.0.1");
    assertThat(widened.commonName()).isEqualTo("www.origin.test");
    assertThat(widened.organization()).isEqualTo("Origin Ltd");
  }

  @Test
  void namesAlreadyAskedForAreNotRepeated() {
    X509Certificate origin = upstream(CertificateRequest.forNames("origin.test"));

    CertificateRequest widened = UpstreamNames.widen(CertificateRequest.forNames("origin.test"), origin, "origin.test");

    assertThat(widened.names()).containsExactly("origin.test");
  }
}
