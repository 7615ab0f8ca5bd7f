package dev.sluice.tls.internal;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Turns the names of a certificate request into subjectAltName entries: an iPAddress entry for an
 * IP literal (v4, v6, or v6 in brackets), a dNSName entry for anything else, after checking it is a
 * host name (letters, digits, {@code -} and {@code _} in labels of 1 to 63 characters, at most 253
 * characters, an optional {@code *.} wildcard as the whole first label, not ending in a numeric
 * label). Never resolves a name.
 */
public final class SubjectAltNames {

  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  private SubjectAltNames() {}

  /** One entry per name, in order. */
  public static GeneralNames of(List<String> names) {
    return new GeneralNames(names.stream().map(SubjectAltNames::of).toArray(GeneralName[]::new));
  }

  /**
   * The entry for one name.
   *
   * @throws IllegalArgumentException naming {@code name} if it is neither an IP literal nor a host
   *     name
   */
  public static GeneralName of(String name) {
    InetAddress address = ipLiteral(name);
    if (address != null) {
      return new GeneralName(GeneralName.iPAddress, new DEROctetString(address.getAddress()));
    }
    return new GeneralName(GeneralName.dNSName, new DERIA5String(hostName(name)));
  }

  private static InetAddress ipLiteral(String name) {
    if (InetAddresses.isInetAddress(name)) {
      return InetAddresses.forString(name);
    }
    if (name.startsWith("[") && InetAddresses.isUriInetAddress(name)) {
      return InetAddresses.forUriString(name);
    }
    return null;
  }

  private static String hostName(String name) {
    String host = (name.endsWith(".") ? name.substring(0, name.length() - 1) : name)
        .toLowerCase(Locale.ROOT);
    if (host.isEmpty() || host.length() > MAX_NAME) {
      throw invalid(name, "a host name has 1 to " + MAX_NAME + " characters");
    }
    String[] labels = host.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      if (i == 0 && label.equals("*") && labels.length > 1) {
        continue;
      }
      if (label.isEmpty() || label.length() > MAX_LABEL) {
        throw invalid(name, "each label has 1 to " + MAX_LABEL + " characters");
      }
      if (!label.chars().allMatch(SubjectAltNames::isLabelChar)) {
        throw invalid(name, "labels hold letters, digits, '-' and '_' (a wildcard only as the whole"
            + " first label, \"*.\")");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(name, "not a valid IP literal, and a host name cannot end in a numeric label");
    }
    return host;
  }

  private static boolean isLabelChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static IllegalArgumentException invalid(String name, String reason) {
    return new IllegalArgumentException("names: cannot put \"" + name + "\" in a certificate: "
        + reason);
  }
}
