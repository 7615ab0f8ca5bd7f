package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 from clients: negotiated by ALPN when TLS is intercepted, or with prior knowledge; HTTP/1.1
 * upstream. The proxies connect lazily, so a client offering h2 gets it whatever the origin speaks
 * (eagerly, it gets what the origin chose: see UpstreamFirstTest).
 */
class Http2Test {

  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("H2 origin CA").build();

  @RegisterExtension
  static final EchoOrigin secureOrigin = EchoOrigin.httpsExtension(originCa);

  @RegisterExtension
  static final EchoOrigin plainOrigin = EchoOrigin.extension();

  private static ProxyServer.Builder proxy() {
    return ProxyServer.builder().upstreamTrust(originCa.trustManager()).connectionStrategy(ConnectionStrategy.LAZY);
  }

  @Test
  void theJdkClientSpeaksHttp2ThroughTheProxyToAnHttp11Origin() throws Exception {
    List<Flow> flows = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = proxy().hook(FlowHook.onResponse(flow -> flows.add(flow.snapshot()))).start()) {
      HttpResponse<String> reply = JdkClients.http2Via(proxy).send(
          HttpRequest.newBuilder(secureOrigin.uri("/h2?x=1")).POST(HttpRequest.BodyPublishers.ofString("ping")).build(),
          BodyHandlers.ofString());

      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("ping");
      assertThat(reply.headers().firstValue("X-Echo-Target")).hasValue("/h2?x=1");
      EchoOrigin.Seen seen = secureOrigin.take();
      assertThat(seen.method()).isEqualTo("POST");
      assertThat(seen.text()).isEqualTo("ping");
      Flow flow = flows.get(0);
      assertThat(flow.request().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flow.request().url()).isEqualTo(secureOrigin.uri("/h2?x=1").toString());
      assertThat(flow.request().headers().contains("x-http2-stream-id")).isFalse();
      assertThat(flow.client().tls().alpn()).isEqualTo("h2");
    }
  }

  @Test
  void concurrentRequestsShareOneClientConnectionAndEachIsAFlow() throws Exception {
    List<ClientConnection> connected = new CopyOnWriteArrayList<>();
    List<String> paths = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = proxy()
        .hook(new FlowHook() {
          @Override public void clientConnected(ClientConnection client) {
            connected.add(client);
          }

          @Override public void response(HttpFlow flow) {
            paths.add(flow.request().path());
          }
        }).start()) {
      HttpClient client = JdkClients.http2Via(proxy);
      // the JDK client opens one connection per request until it knows the server speaks HTTP/2
      client.send(HttpRequest.newBuilder(secureOrigin.uri("/many/first")).build(), BodyHandlers.discarding());
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        replies.add(client.sendAsync(HttpRequest.newBuilder(secureOrigin.uri("/many/" + i)).build(), BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> reply : replies) {
        HttpResponse<String> done = reply.get(10, TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.version()).isEqualTo(HttpClient.Version.HTTP_2);
      }

      assertThat(paths).hasSize(21);
      assertThat(connected).hasSize(1);
    }
  }

  @Test
  void aBlockingHookHoldsOnlyItsOwnStream() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FlowHook slowHook = FlowHook.blocking(new FlowHook() {
      @Override public void request(HttpFlow flow) {
        if (flow.request().path().equals("/slow")) {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    });
    try (ProxyServer proxy = proxy().hook(slowHook).start()) {
      HttpClient client = JdkClients.http2Via(proxy);
      client.send(HttpRequest.newBuilder(secureOrigin.uri("/warm-up")).build(), BodyHandlers.discarding());
      CompletableFuture<HttpResponse<String>> slow =
          client.sendAsync(HttpRequest.newBuilder(secureOrigin.uri("/slow")).build(), BodyHandlers.ofString());

      HttpResponse<String> fast = client.send(HttpRequest.newBuilder(secureOrigin.uri("/fast")).build(), BodyHandlers.ofString());

      assertThat(fast.statusCode()).isEqualTo(200);
      assertThat(fast.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(slow).isNotDone();
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anH2cUpgradeRequestStaysHttp11() throws Exception {
    try (ProxyServer proxy = proxy().start()) {
      HttpResponse<String> reply = JdkClients.http2Via(proxy).send(HttpRequest.newBuilder(plainOrigin.uri("/plain")).build(),
          BodyHandlers.ofString());

      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      EchoOrigin.Seen seen = plainOrigin.take();
      assertThat(seen.header("Upgrade")).isNull();
      assertThat(seen.header("HTTP2-Settings")).isNull();
    }
  }

  @Test
  void curlWithPriorKnowledgeInsideAConnectTunnel() throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed");
    try (ProxyServer proxy = proxy().start()) {
      Curl.Result result = Curl.run("-s", "-p", "-x", "http://127.0.0.1:" + proxy.address().getPort(),
          "--http2-prior-knowledge", "-w", "\n%{http_version}", plainOrigin.uri("/pk").toString());

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).endsWith("\n2");
      assertThat(plainOrigin.take().target()).isEqualTo("/pk");
    }
  }

  @Test
  void curlWithPriorKnowledgeToAReverseProxy() throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed");
    try (ProxyServer proxy = ProxyServer.builder()
        .mode(ProxyMode.parse("reverse:http://127.0.0.1:" + plainOrigin.port())).start()) {
      Curl.Result result = Curl.run("-s", "--http2-prior-knowledge", "-w", "\n%{http_version}",
          "http://127.0.0.1:" + proxy.address().getPort() + "/reverse-pk");

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).endsWith("\n2");
      assertThat(plainOrigin.take().target()).isEqualTo("/reverse-pk");
    }
  }

  @Test
  void curlNegotiatesHttp2OverInterceptedTls(@TempDir Path dir) throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed");
    try (ProxyServer proxy = proxy().start()) {
      Path ca = dir.resolve("ca.pem");
      Files.writeString(ca, proxy.certificateAuthority().certificatePem());
      Curl.Result result = Curl.run("-s", "--http2", "--cacert", ca.toString(), "-x",
          "http://127.0.0.1:" + proxy.address().getPort(), "-w", "\n%{http_version}", secureOrigin.uri("/tls").toString());

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).endsWith("\n2");
      assertThat(secureOrigin.take().target()).isEqualTo("/tls");
    }
  }

  @Test
  void withHttp2OffTheJdkClientGetsHttp11AndThePrefaceABadRequest() throws Exception {
    try (ProxyServer proxy = proxy().http2(false).start()) {
      HttpResponse<String> reply = JdkClients.http2Via(proxy).send(HttpRequest.newBuilder(secureOrigin.uri("/off")).build(),
          BodyHandlers.ofString());

      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(secureOrigin.take().target()).isEqualTo("/off");
      try (java.net.Socket raw = new java.net.Socket("127.0.0.1", proxy.address().getPort())) {
        raw.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String answer = new String(raw.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(answer).isEqualTo("HTTP/1.1 400");
      }
    }
  }

  @Test
  void largeBodiesAreStreamedBothWaysThroughHttp2WithTheirBytesIntact() throws Exception {
    // a streamed response's event runs once its last bytes went out: the client may have them first
    CompletableFuture<Flow> seen = new CompletableFuture<>();
    byte[] body = new byte[6 << 20];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31);
    }
    try (ProxyServer proxy = proxy().streamLargeBodies(1 << 20)
        .hook(FlowHook.onResponse(flow -> seen.complete(flow.snapshot()))).start()) {
      HttpResponse<byte[]> reply = JdkClients.http2Via(proxy).send(HttpRequest.newBuilder(secureOrigin.uri("/big"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofByteArray());

      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(reply.body()).isEqualTo(body);
      assertThat(secureOrigin.take().body()).isEqualTo(body);
      Flow flow = seen.get(5, TimeUnit.SECONDS);
      assertThat(flow.request().isStreamed()).isTrue();
      assertThat(flow.response().isStreamed()).isTrue();
    }
  }
}
