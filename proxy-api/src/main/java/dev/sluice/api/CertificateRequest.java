package dev.sluice.api;

import java.util.List;
import java.util.Objects;

/**
 * What a leaf certificate must cover: host names and IP literals (each becomes a DNS or an IP
 * subjectAltName), an optional common name and organization (copied from the certificate
 * the server presented when the proxy reached it first).
 *
 * <pre>{@code
 * CertificateRequest request = CertificateRequest.forNames("example.com", "www.example.com");
 * IssuedCertificate leaf = issuer.issue(request);
 * }</pre>
 *
 * @param names the DNS names and IP literals to cover, at least one, without duplicates
 * @param commonName the subject's CN (the first name by default)
 * @param organization the subject's O, or {@code null}
 */
public record CertificateRequest(List<String> names, String commonName, String organization) {

  /** Validates and copies; removes duplicate names keeping the first occurrence. */
  public CertificateRequest {
    Objects.requireNonNull(names, "names");
    names = names.stream().map(n -> Objects.requireNonNull(n, "names: null entry")).distinct().toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("names: at least one host name or IP literal is needed");
    }
    for (String name : names) {
      if (name.isBlank() || name.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("names: not a host name or IP literal: \"" + name + "\"");
      }
    }
    if (commonName == null) {
      commonName = names.get(0);
    }
  }

  /** A request for {@code names}, the first being the common name. */
  public static CertificateRequest forNames(String... names) {
    return new CertificateRequest(List.of(names), null, null);
  }
}
