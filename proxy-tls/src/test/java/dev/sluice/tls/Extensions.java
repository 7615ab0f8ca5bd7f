package dev.sluice.tls;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/** Reads the extensions tests check, the way a client would. */
final class Extensions {

  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private Extensions() {}

  static List<String> dnsNames(X509Certificate certificate) {
    return subjectAltNames(certificate, DNS_NAME).stream().map(String.class::cast).toList();
  }

  static List<InetAddress> ipAddresses(X509Certificate certificate) {
    return subjectAltNames(certificate, IP_ADDRESS).stream()
        .map(value -> InetAddresses.forString((String) value))
        .toList();
  }

  private static List<Object> subjectAltNames(X509Certificate certificate, int type) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return List.of();
      }
      return names.stream().filter(n -> (Integer) n.get(0) == type).map(n -> (Object) n.get(1)).toList();
    } catch (CertificateParsingException e) {
      throw new AssertionError("unparseable subjectAltName", e);
    }
  }

  static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return value == null ? null
        : SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
  }

  static byte[] authorityKeyIdentifier(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    return value == null ? null
        : AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
  }
}
