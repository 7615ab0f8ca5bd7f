package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ReplayKind;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.HttpsOrigin;
import dev.sluice.core.testing.TcpEcho;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SOCKS5 mode with real clients: curl {@code --socks5-hostname} and the JDK's SOCKS support. */
class Socks5ModeTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();
  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("Origin CA").build();
  @RegisterExtension
  static final HttpsOrigin httpsOrigin = HttpsOrigin.extension(originCa);

  private final BlockingQueue<String> urls = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> users = new LinkedBlockingQueue<>();

  @TempDir
  Path dir;

  private ProxyServer.Builder socks5() {
    return ProxyServer.builder()
        .mode(ProxyMode.socks5())
        .upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onResponse(flow -> {
          urls.add(flow.request().url());
          String user = flow.attribute(ProxyAuth.USER);
          if (user != null) {
            users.add(user);
          }
        }));
  }

  private static Proxy socksProxy(ProxyServer proxy) {
    return new Proxy(Proxy.Type.SOCKS, proxy.address());
  }

  private String takeUrl() throws InterruptedException {
    String url = urls.poll(5, TimeUnit.SECONDS);
    assertThat(url).as("a finished flow").isNotNull();
    return url;
  }

  private Path caPem(ProxyServer proxy) throws IOException {
    return Files.writeString(dir.resolve("sluice-ca.pem"), proxy.certificateAuthority().certificatePem());
  }

  @Test
  void curlWithSocks5HostnameGetsPlainHttpProxiedAsAFlow() throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed here");
    try (ProxyServer proxy = socks5().start()) {
      Curl.Result result = Curl.run("-s", "--socks5-hostname", "127.0.0.1:" + proxy.address().getPort(),
          "-d", "over socks", "http://localhost:" + origin.port() + "/by-name?q=1");

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("over socks");
      assertThat(origin.take().target()).isEqualTo("/by-name?q=1");
      assertThat(takeUrl()).isEqualTo("http://localhost:" + origin.port() + "/by-name?q=1");
    }
  }

  @Test
  void curlWithSocks5HostnameOverHttpsIsInterceptedWithTheProxysCa() throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed here");
    try (ProxyServer proxy = socks5().start()) {
      Curl.Result result = Curl.run("-s", "--socks5-hostname", "127.0.0.1:" + proxy.address().getPort(),
          "--cacert", caPem(proxy).toString(), "https://localhost:" + httpsOrigin.port() + "/secret");

      assertThat(result.exitCode()).as("curl trusting the proxy's CA only").isZero();
      assertThat(result.stdout()).isEqualTo("secure GET /secret");
      assertThat(takeUrl()).isEqualTo("https://localhost:" + httpsOrigin.port() + "/secret");
    }
  }

  @Test
  void curlSendsTheUserNameAndPasswordThatProxyAuthChecks() throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed here");
    try (ProxyServer proxy = socks5().proxyAuth("ada:s3cret").start()) {
      String port = String.valueOf(proxy.address().getPort());
      Curl.Result right = Curl.run("-s", "-x", "socks5h://ada:s3cret@127.0.0.1:" + port,
          "http://localhost:" + origin.port() + "/in");
      Curl.Result wrong = Curl.run("-s", "-x", "socks5h://ada:wrong@127.0.0.1:" + port,
          "http://localhost:" + origin.port() + "/out");
      Curl.Result none = Curl.run("-s", "-x", "socks5h://127.0.0.1:" + port, "http://localhost:" + origin.port() + "/out");

      assertThat(right.exitCode()).isZero();
      assertThat(right.stdout()).isEmpty();
      assertThat(takeUrl()).endsWith("/in");
      assertThat(users.poll(5, TimeUnit.SECONDS)).isEqualTo("ada");
      assertThat(wrong.exitCode()).as("curl's exit code for a refused SOCKS handshake").isEqualTo(97);
      assertThat(none.exitCode()).isEqualTo(97);
      assertThat(origin.all()).hasSize(1);
    }
  }

  @Test
  void aJdkSocketThroughTheSocksProxyHasItsRawBytesRelayed() throws Exception {
    try (ProxyServer proxy = socks5().start(); TcpEcho echo = TcpEcho.start();
        Socket socket = new Socket(socksProxy(proxy))) {
      socket.setSoTimeout(5000);
      socket.connect(InetSocketAddress.createUnresolved("localhost", echo.port()));
      socket.getOutputStream().write("ping, not HTTP\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(readLine(socket.getInputStream())).isEqualTo("ping, not HTTP");
    }
  }

  @Test
  void aJdkSocketReachesAnIpv6AddressThroughTheSocksProxy() throws Exception {
    InetAddress ipv6Loopback = InetAddress.getByName("::1");
    TcpEcho echo;
    try {
      echo = TcpEcho.on(ipv6Loopback);
    } catch (RuntimeException e) {
      assumeTrue(false, "this machine has no IPv6 loopback: " + e.getMessage());
      return;
    }
    try (echo; ProxyServer proxy = socks5().start(); Socket socket = new Socket(socksProxy(proxy))) {
      socket.setSoTimeout(5000);
      socket.connect(new InetSocketAddress(ipv6Loopback, echo.port()));
      socket.getOutputStream().write("over IPv6\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(readLine(socket.getInputStream())).isEqualTo("over IPv6");
    }
  }

  @Test
  void httpUrlConnectionThroughTheSocksProxyToAnIpv4AddressIsAFlow() throws Exception {
    try (ProxyServer proxy = socks5().start()) {
      URL url = URI.create("http://127.0.0.1:" + origin.port() + "/jdk").toURL();
      HttpURLConnection connection = (HttpURLConnection) url.openConnection(socksProxy(proxy));
      connection.setRequestProperty("X-Client", "HttpURLConnection");

      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(connection.getHeaderField("X-Echo-Target")).isEqualTo("/jdk");
      connection.getInputStream().readAllBytes();
      assertThat(origin.take().header("X-Client")).isEqualTo("HttpURLConnection");
      assertThat(takeUrl()).isEqualTo("http://127.0.0.1:" + origin.port() + "/jdk");
    }
  }

  @Test
  void httpsUrlConnectionThroughTheSocksProxyIsInterceptedWithTheProxysCa() throws Exception {
    // HttpURLConnection resolves the host itself and asks the proxy for the IPv4 address
    try (ProxyServer proxy = socks5().start()) {
      URL url = URI.create("https://localhost:" + httpsOrigin.port() + "/tls").toURL();
      HttpsURLConnection connection = (HttpsURLConnection) url.openConnection(socksProxy(proxy));
      connection.setSSLSocketFactory(proxy.certificateAuthority().sslContext().getSocketFactory());

      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("secure GET /tls");
      X509Certificate leaf = (X509Certificate) connection.getServerCertificates()[0];
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(proxy.certificateAuthority().certificate().getSubjectX500Principal());
      assertThat(takeUrl()).isEqualTo("https://127.0.0.1:" + httpsOrigin.port() + "/tls");
    }
  }

  @Test
  void anIgnoredHostIsPassedThroughUntouchedAsAfterConnect() throws Exception {
    try (ProxyServer proxy = socks5().ignoreHosts("^127\\.0\\.0\\.1:").start()) {
      URL url = URI.create("https://127.0.0.1:" + httpsOrigin.port() + "/untouched").toURL();
      HttpsURLConnection connection = (HttpsURLConnection) url.openConnection(socksProxy(proxy));
      connection.setSSLSocketFactory(originCa.sslContext().getSocketFactory());

      assertThat(connection.getResponseCode()).isEqualTo(200);
      X509Certificate leaf = (X509Certificate) connection.getServerCertificates()[0];
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(originCa.certificate().getSubjectX500Principal());
      connection.getInputStream().readAllBytes();
      assertThat(urls).as("no flow for a passed-through tunnel (an intercepted one records it before answering)").isEmpty();
    }
  }

  @Test
  void withTheLazyStrategyAHookAnswersWhileTheServerIsDown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URL url = URI.create("http://127.0.0.1:" + closedPort + "/down").toURL();
    FlowHook answer = FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "from the hook")));

    try (ProxyServer eager = socks5().hook(answer).start();
        ProxyServer lazy = socks5().connectionStrategy(ConnectionStrategy.LAZY).hook(answer).start()) {
      HttpURLConnection refused = (HttpURLConnection) url.openConnection(socksProxy(eager));
      HttpURLConnection answered = (HttpURLConnection) url.openConnection(socksProxy(lazy));

      assertThatThrownBy(refused::getResponseCode).isInstanceOf(IOException.class);
      assertThat(new String(answered.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from the hook");
    }
  }

  @Test
  void aReplayedRequestGoesStraightToItsServerInSocks5Mode() throws Exception {
    try (ProxyServer proxy = socks5().start()) {
      Flow replayed = proxy.replay(Request.builder().url("http://127.0.0.1:" + origin.port() + "/again").build())
          .get(10, TimeUnit.SECONDS);

      assertThat(replayed.replay()).isEqualTo(ReplayKind.REQUEST);
      assertThat(replayed.response().statusCode()).isEqualTo(200);
      assertThat(origin.take().target()).isEqualTo("/again");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }
}
