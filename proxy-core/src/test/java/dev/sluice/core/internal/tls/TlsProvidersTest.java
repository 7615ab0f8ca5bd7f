package dev.sluice.core.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.TlsEngine;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TlsProvidersTest {

  @Test
  void openSslLoadsOnTheLinuxPlatformsItIsShippedFor() {
    String arch = System.getProperty("os.arch");
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
        && Set.of("amd64", "x86_64", "aarch64").contains(arch), "Linux x86-64 or AArch64");

    assertThat(OpenSsl.isAvailable()).as("OpenSSL loads: %s", OpenSsl.unavailabilityCause()).isTrue();
    assertThat(TlsProviders.of(TlsEngine.AUTO)).isEqualTo(SslProvider.OPENSSL);
    assertThat(TlsProviders.of(TlsEngine.OPENSSL)).isEqualTo(SslProvider.OPENSSL);
  }

  @Test
  void theJdkEngineIsTheJdkProviderWhateverOpenSslDoes() {
    assertThat(TlsProviders.of(TlsEngine.JDK)).isEqualTo(SslProvider.JDK);
    assertThat(TlsProviders.of(TlsEngine.JDK, "no native library")).isEqualTo(SslProvider.JDK);
  }

  @Test
  void autoFallsBackToTheJdkWhenOpenSslIsUnavailable() {
    assertThat(TlsProviders.of(TlsEngine.AUTO, "no native library")).isEqualTo(SslProvider.JDK);
  }

  @Test
  void askingForAnUnavailableOpenSslFailsNamingTheReason() {
    assertThatThrownBy(() -> TlsProviders.of(TlsEngine.OPENSSL, "no netty_tcnative in java.library.path"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tlsEngine OPENSSL: OpenSSL is not available: no netty_tcnative in java.library.path");
  }

  @Test
  void aProxyAskingForOpenSslInAJvmWhereItIsDisabledDoesNotStart() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Dio.netty.handler.ssl.noOpenSsl=true",
        "-cp", System.getProperty("java.class.path"), StartWithOpenSsl.class.getName())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("IllegalStateException: tlsEngine OPENSSL: OpenSSL is not available: ")
        .contains("io.netty.handler.ssl.noOpenSsl");
  }

  /** Starts a proxy asking for OpenSSL and prints what that throws. */
  static final class StartWithOpenSsl {
    public static void main(String[] args) {
      try (ProxyServer proxy = ProxyServer.builder().tlsEngine(TlsEngine.OPENSSL).start()) {
        System.out.println("started on " + proxy.address());
      } catch (IllegalStateException e) {
        System.out.println(e);
      }
    }
  }
}
