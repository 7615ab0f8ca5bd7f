package dev.sluice.tls;

import dev.sluice.api.CertificateRequest;
import dev.sluice.tls.internal.SubjectAltNames;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Copies the names of an upstream server's certificate into a certificate request, so that a leaf
 * minted for an intercepted connection names what the real server's certificate names (what
 * {@code upstream_cert} does). The engine uses it; a custom {@code CertificateIssuer} or a
 * {@code tlsClientHello} hook that has the server's certificate may too.
 *
 * <pre>{@code
 * CertificateRequest widened = UpstreamNames.widen(hello.certificateRequest(), serverCertificate, "example.org");
 * hello.setCertificateRequest(widened);
 * }</pre>
 */
public final class UpstreamNames {

  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;
  private static final int MAX_COMMON_NAME = 64;

  private UpstreamNames() {}

  /**
   * {@code request} with the DNS and IP subjectAltNames of {@code upstream} and {@code targetHost}
   * appended, and the upstream's CN and O as the subject. Names a leaf cannot carry are left out.
   */
  public static CertificateRequest widen(CertificateRequest request, X509Certificate upstream, String targetHost) {
    List<String> names = new ArrayList<>(request.names());
    names.addAll(subjectAltNames(upstream));
    names.add(targetHost);
    List<String> usable = names.stream().filter(UpstreamNames::isUsable).distinct().toList();
    X500Name subject = X500Name.getInstance(upstream.getSubjectX500Principal().getEncoded());
    String commonName = attribute(subject, BCStyle.CN);
    String organization = attribute(subject, BCStyle.O);
    return new CertificateRequest(usable.isEmpty() ? request.names() : usable,
        commonName == null || commonName.length() > MAX_COMMON_NAME ? null : commonName, organization);
  }

  private static List<String> subjectAltNames(X509Certificate certificate) {
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries == null) {
        return List.of();
      }
      return entries.stream()
          .filter(entry -> entry.get(0) instanceof Integer type && (type == DNS_NAME || type == IP_ADDRESS))
          .map(entry -> entry.get(1))
          .filter(String.class::isInstance)
          .map(String.class::cast)
          .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static boolean isUsable(String name) {
    try {
      SubjectAltNames.of(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String attribute(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    if (rdns.length == 0 || rdns[0].getFirst() == null
        || !(rdns[0].getFirst().getValue() instanceof ASN1String text)) {
      return null;
    }
    return text.getString().isBlank() ? null : text.getString();
  }
}
