package dev.sluice.tls;

import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.internal.PemFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The client certificates the proxy presents to upstream servers that ask for one (mutual TLS),
 * as mitmproxy's {@code client_certs}: one PEM file for every host, or a directory holding one
 * {@code HOST.pem} per host, and more per host from code. The host is the name the proxy asks the
 * server for (the SNI the client sent, else the host it connects to, an IP address included).
 * A certificate for the host itself comes before one for every host. Immutable.
 *
 * <p>A PEM file holds the private key, unencrypted, and the certificate, with the rest of its
 * chain if the server needs it (EC or RSA keys, PKCS#8 or traditional, blocks in any order). Every
 * file is read once, when the certificates are loaded; one that cannot be used fails the loading
 * with a message that names it.
 *
 * <pre>{@code
 * ProxyServer.builder()
 *     .clientCertificates(ClientCertificates.load(Path.of("client-certs"))    // api.example.com.pem, ...
 *         .withHost("10.0.0.7", Path.of("internal.pem")))
 *     .start();
 * }</pre>
 */
public final class ClientCertificates {

  private static final ClientCertificates NONE = new ClientCertificates(null, Map.of(), "none");
  private static final String SUFFIX = ".pem";

  private final IssuedCertificate everyHost;
  private final Map<String, IssuedCertificate> byHost;
  private final String description;

  private ClientCertificates(IssuedCertificate everyHost, Map<String, IssuedCertificate> byHost, String description) {
    this.everyHost = everyHost;
    this.byHost = Collections.unmodifiableMap(new TreeMap<>(byHost));
    this.description = description;
  }

  /** No client certificates: servers that ask for one get none. */
  public static ClientCertificates none() {
    return NONE;
  }

  /**
   * The certificates of {@code fileOrDirectory}: a PEM file presented to every host, or a
   * directory in which each {@code HOST.pem} is presented to that host (other files are ignored).
   *
   * @throws IllegalArgumentException naming the path when it does not exist, or the file that
   *     cannot be read or holds no usable key and certificate
   */
  public static ClientCertificates load(Path fileOrDirectory) {
    Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
    if (Files.isDirectory(fileOrDirectory)) {
      return new ClientCertificates(null, directory(fileOrDirectory), fileOrDirectory.toString());
    }
    if (!Files.exists(fileOrDirectory)) {
      throw new IllegalArgumentException(fileOrDirectory + ": no such file or directory");
    }
    return new ClientCertificates(read(fileOrDirectory), Map.of(), fileOrDirectory.toString());
  }

  /**
   * These certificates, with the one of {@code pemFile} presented to {@code host} (instead of any
   * other for it).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no usable key and certificate
   */
  public ClientCertificates withHost(String host, Path pemFile) {
    return withHost(host, read(Objects.requireNonNull(pemFile, "pemFile")));
  }

  /**
   * These certificates, with {@code certificate} (its key and chain) presented to {@code host}
   * (instead of any other for it).
   *
   * <pre>{@code ClientCertificates.none().withHost("127.0.0.1", new IssuedCertificate(key, List.of(leaf, ca)))}</pre>
   */
  public ClientCertificates withHost(String host, IssuedCertificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    Map<String, IssuedCertificate> hosts = new LinkedHashMap<>(byHost);
    hosts.put(key(host), certificate);
    String with = "host " + key(host);
    return new ClientCertificates(everyHost, hosts, this == NONE ? with : description + ", " + with);
  }

  /** The certificate to present to {@code host}, if any: its own, else the one for every host. */
  public Optional<IssuedCertificate> forHost(String host) {
    IssuedCertificate own = byHost.get(key(host));
    return Optional.ofNullable(own != null ? own : everyHost);
  }

  /**
   * {@code certificate} as the PEM text {@link #load} reads: the private key (PKCS#8,
   * unencrypted), then the chain, leaf first.
   *
   * <pre>{@code Files.writeString(Path.of("api.example.com.pem"), ClientCertificates.pem(client));}</pre>
   */
  public static String pem(IssuedCertificate certificate) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(certificate.privateKey());
    blocks.addAll(certificate.chain());
    return PemFiles.pem(blocks.toArray());
  }

  /** Every certificate held, each once. */
  public Set<IssuedCertificate> all() {
    Set<IssuedCertificate> all = Collections.newSetFromMap(new IdentityHashMap<>());
    if (everyHost != null) {
      all.add(everyHost);
    }
    all.addAll(byHost.values());
    return Collections.unmodifiableSet(all);
  }

  /** Whether there is no certificate at all. */
  public boolean isEmpty() {
    return everyHost == null && byHost.isEmpty();
  }

  /** Where the certificates came from: the path loaded, and the hosts added from code. */
  @Override
  public String toString() {
    return description;
  }

  private static Map<String, IssuedCertificate> directory(Path directory) {
    Map<String, IssuedCertificate> hosts = new TreeMap<>();
    Map<String, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : entries) {
        String name = file.getFileName().toString();
        String host = name.substring(0, name.length() - SUFFIX.length()).toLowerCase(Locale.ROOT);
        if (host.isBlank() || !Files.isRegularFile(file)) {
          continue;
        }
        Path other = files.put(host, file);
        if (other != null) {
          throw new IllegalArgumentException(other + " and " + file + ": two certificates for host " + host);
        }
        hosts.put(host, read(file));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(directory + ": cannot list the directory (" + e.getMessage() + ")", e);
    }
    return hosts;
  }

  private static IssuedCertificate read(Path file) {
    try {
      return PemFiles.readKeyAndChain(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String key(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: must not be blank");
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
