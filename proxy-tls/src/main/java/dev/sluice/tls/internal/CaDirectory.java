package dev.sluice.tls.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.util.Set;

/**
 * The files of a CA directory, mitmproxy's set under Sluice's names: the key and certificate
 * (owner-only), and the certificate alone as PEM, DER and PKCS#12 for clients to import. Each file
 * is written to a temporary file first and moved into place, so a reader never sees half a file
 * and the key is never readable by others, not even for a moment.
 */
public final class CaDirectory {

  /** The private key and the certificate, PEM, permissions 0600. */
  public static final String KEY_AND_CERTIFICATE = "sluice-ca.pem";
  /** The certificate as PEM. */
  public static final String CERTIFICATE_PEM = "sluice-ca-cert.pem";
  /** The certificate as DER. */
  public static final String CERTIFICATE_DER = "sluice-ca-cert.cer";
  /** The certificate as PKCS#12, with an empty password. */
  public static final String CERTIFICATE_P12 = "sluice-ca-cert.p12";

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private CaDirectory() {}

  /** Writes the four files of {@code ca} into {@code directory}, creating it (0700) if needed. */
  public static void write(Path directory, KeyAndCertificate ca) throws IOException {
    if (!Files.isDirectory(directory)) {
      if (isPosix(directory)) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      } else {
        Files.createDirectories(directory);
      }
    }
    byte[] der;
    try {
      der = ca.certificate().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
    writeAtomically(directory.resolve(KEY_AND_CERTIFICATE),
        ascii(PemFiles.pem(ca.privateKey(), ca.certificate())), OWNER_ONLY);
    writeAtomically(directory.resolve(CERTIFICATE_PEM), ascii(PemFiles.pem(ca.certificate())), PUBLIC);
    writeAtomically(directory.resolve(CERTIFICATE_DER), der, PUBLIC);
    writeAtomically(directory.resolve(CERTIFICATE_P12),
        Pkcs12Files.certificateOnly(ca.certificate(), "sluice-ca"), PUBLIC);
  }

  private static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    // A temporary file starts owner-only (0600) on POSIX file systems.
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temporary, content);
      if (isPosix(target)) {
        Files.setPosixFilePermissions(temporary, permissions);
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
