package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.Http2Origin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawHttp2Client;
import dev.sluice.tls.CertificateAuthority;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.SocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/2 towards servers: chosen by ALPN, shared by the streams of a client connection, translated for HTTP/1.1 clients. */
class Http2UpstreamTest {

  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("H2-only CA").build();

  @RegisterExtension
  static final Http2Origin origin = Http2Origin.extension(originCa);

  private static ProxyServer.Builder proxy(List<Flow> flows) {
    return ProxyServer.builder().upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onResponse(flow -> flows.add(flow.snapshot())));
  }

  @Test
  void anHttp11ClientReachesAnHttp2OnlyOriginAndSeesItsTrailersInTheFlow() throws Exception {
    List<Flow> flows = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = proxy(flows).start()) {
      HttpResponse<String> reply = JdkClients.via(proxy).send(HttpRequest.newBuilder(origin.uri("/one")).build(),
          BodyHandlers.ofString());

      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("h2 GET /one ");
      assertThat(reply.headers().firstValue("x-seen-version")).hasValue("2");
      Flow flow = flows.get(0);
      assertThat(flow.request().httpVersion()).isEqualTo("HTTP/1.1");
      assertThat(flow.response().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flow.response().trailers().get("x-checksum")).isEqualTo("abc");
      assertThat(flow.server().tls().alpn()).isEqualTo("h2");
      assertThat(origin.take().headers().authority().toString()).isEqualTo("localhost:" + origin.port());
    }
  }

  @Test
  void anHttp2ClientSpeaksHttp2AllTheWay() throws Exception {
    List<Flow> flows = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = proxy(flows).start()) {
      HttpResponse<String> reply = JdkClients.http2Via(proxy).send(HttpRequest.newBuilder(origin.uri("/two"))
          .POST(HttpRequest.BodyPublishers.ofString("payload")).build(), BodyHandlers.ofString());

      assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(reply.body()).isEqualTo("h2 POST /two payload");
      Http2Origin.Seen seen = origin.take();
      assertThat(seen.body()).isEqualTo("payload");
      assertThat(seen.headers().contains("connection")).isFalse();
      assertThat(seen.headers().contains("transfer-encoding")).isFalse();
      assertThat(flows.get(0).request().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flows.get(0).response().httpVersion()).isEqualTo("HTTP/2.0");
    }
  }

  @Test
  void theStreamsOfOneClientConnectionShareOneUpstreamConnection() throws Exception {
    try (ProxyServer proxy = proxy(new CopyOnWriteArrayList<>()).start()) {
      HttpClient client = JdkClients.http2Via(proxy);
      client.send(HttpRequest.newBuilder(origin.uri("/first")).build(), BodyHandlers.discarding());
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        replies.add(client.sendAsync(HttpRequest.newBuilder(origin.uri("/shared/" + i)).build(), BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> reply : replies) {
        assertThat(reply.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }

      Set<SocketAddress> peers = new HashSet<>();
      for (int i = 0; i < 11; i++) {
        peers.add(origin.take().peer());
      }
      assertThat(peers).hasSize(1);
    }
  }

  @Test
  void streamsThatStartTogetherOnOneClientConnectionAllGetAnsweredOnOneUpstreamConnection() throws Exception {
    // ten streams in one write, before any upstream connection exists (as h2load -c1 -m10 opens them)
    try (ProxyServer proxy = proxy(new CopyOnWriteArrayList<>()).start();
        RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
      for (int i = 0; i < 10; i++) {
        h2.headers(1 + 2 * i, new DefaultHttp2Headers().method("GET").scheme("https")
            .authority("localhost:" + origin.port()).path("/together/" + i), true, true);
      }
      h2.flush();

      Map<Integer, String> statuses = new HashMap<>();
      while (statuses.size() < 10) {
        RawHttp2Client.Frame frame = h2.awaitFrame(f -> f.type() == RawHttp2Client.HEADERS
            || f.type() == RawHttp2Client.RST_STREAM || f.type() == RawHttp2Client.GOAWAY);
        assertThat(frame).as("the proxy closed the connection").isNotNull();
        assertThat(frame.type()).as("stream %d was reset", frame.streamId()).isEqualTo(RawHttp2Client.HEADERS);
        Http2Headers headers = h2.headers(frame);
        if (headers.status() != null) {
          statuses.put(frame.streamId(), headers.status().toString());
        }
      }
      assertThat(statuses.values()).containsOnly("200");
      Set<SocketAddress> peers = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        peers.add(origin.take().peer());
      }
      assertThat(peers).as("the upstream connections that carried the streams").hasSize(1);
    }
  }
}
