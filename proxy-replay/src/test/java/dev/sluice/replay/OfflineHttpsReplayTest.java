package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS session recorded through {@code CONNECT}, replayed with the origin gone. */
class OfflineHttpsReplayTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Offline replay origin CA").build();
  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.httpsExtension(originCa);

  @TempDir
  Path dir;

  @Test
  void everyHttpsRequestIsReplayedThroughConnectWithTheOriginDown() throws Exception {
    Path recording = dir.resolve("https.mitm");
    List<HttpResponse<String>> recorded = new ArrayList<>();
    try (FlowRecorder recorder = FlowRecorder.to(recording);
        ProxyServer proxy = ProxyServer.builder().upstreamTrust(originCa.trustManager()).hook(recorder).start()) {
      HttpClient client = JdkClients.via(proxy);
      for (HttpRequest request : session()) {
        recorded.add(client.send(request, BodyHandlers.ofString()));
      }
    }
    origin.close();

    ServerReplayOptions kill = ServerReplayOptions.builder().extra("kill").build();
    try (ProxyServer replay = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY)
        .hook(ServerReplay.fromFile(recording, kill)).start()) {
      HttpClient client = JdkClients.via(replay);
      List<HttpRequest> session = session();
      for (int i = 0; i < session.size(); i++) {
        HttpResponse<String> replayed = client.send(session.get(i), BodyHandlers.ofString());

        assertThat(replayed.statusCode()).isEqualTo(recorded.get(i).statusCode()).isEqualTo(200);
        assertThat(replayed.body()).isEqualTo(recorded.get(i).body());
        assertThat(replayed.headers().firstValue("X-Echo-Target"))
            .isEqualTo(recorded.get(i).headers().firstValue("X-Echo-Target"));
      }
    }
  }

  private static List<HttpRequest> session() {
    return List.of(
        HttpRequest.newBuilder(origin.uri("/first?x=1")).build(),
        HttpRequest.newBuilder(origin.uri("/echo")).POST(BodyPublishers.ofString("hello over TLS")).build(),
        HttpRequest.newBuilder(origin.uri("/size/300")).build());
  }
}
