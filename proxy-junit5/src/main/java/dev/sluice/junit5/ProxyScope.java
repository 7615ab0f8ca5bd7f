package dev.sluice.junit5;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyServer;
import dev.sluice.junit5.internal.FlowLog;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** One running test proxy and what was made for it; closed by JUnit with the scope it belongs to. */
final class ProxyScope implements AutoCloseable {

  private final ProxyServer server;
  private final Path caDirectory;
  private final TestProxy handle;

  private ProxyScope(ProxyServer server, Path caDirectory, FlowLog log, Settings settings) {
    this.server = server;
    this.caDirectory = caDirectory;
    Path caPem = caDirectory == null ? null : caDirectory.resolve(CertificateAuthority.CERTIFICATE_PEM_FILE);
    this.handle = new TestProxy(server, log, caPem, settings.takeFlowTimeout());
  }

  /**
   * Starts a proxy: loopback, a free port, a new in-memory CA, lazy upstream connections (so
   * hooks and cassettes answer HTTPS with the upstream down), then the user's configuration, then
   * the flow log in {@link HookPhase#RECORDING}, after every other hook. Only the CA certificate
   * is written, to a new temporary directory.
   */
  static ProxyScope start(Settings settings) {
    FlowLog log = new FlowLog();
    ProxyServer.Builder builder = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY);
    for (Consumer<ProxyServer.Builder> configuration : settings.proxy()) {
      configuration.accept(builder);
    }
    ProxyServer server = builder.hook(HookPhase.RECORDING, log).start();
    if (!(server.certificateIssuer() instanceof CertificateAuthority ca)) {
      return new ProxyScope(server, null, log, settings);
    }
    try {
      Path directory = Files.createTempDirectory("sluice-ca-");
      Files.writeString(directory.resolve(CertificateAuthority.CERTIFICATE_PEM_FILE), ca.certificatePem());
      return new ProxyScope(server, directory, log, settings);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("cannot write the proxy's CA certificate to a temporary directory", e);
    }
  }

  TestProxy handle() {
    return handle;
  }

  @Override
  public void close() throws IOException {
    server.close();
    if (caDirectory != null) {
      Files.deleteIfExists(caDirectory.resolve(CertificateAuthority.CERTIFICATE_PEM_FILE));
      Files.deleteIfExists(caDirectory);
    }
  }
}
