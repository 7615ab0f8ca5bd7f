package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.Http2Origin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gRPC-Web is not cut into gRPC messages: its bodies (base64 text, or a trailers frame of their own) pass as they are. */
class GrpcWebTest {

  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("gRPC-Web origin CA").build();
  @RegisterExtension
  static final Http2Origin origin = Http2Origin.extension(originCa);

  @Test
  void aGrpcWebTextCallPassesUnchangedAndFiresNoMessageEvents() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = ProxyServer.builder().upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onGrpcMessage(flow -> events.add(flow.request().path()))).start()) {
      HttpResponse<String> answer = JdkClients.http2Via(proxy).send(HttpRequest.newBuilder(origin.uri("/demo.Greeter/Greet"))
          .header("Content-Type", "application/grpc-web-text")
          .POST(HttpRequest.BodyPublishers.ofString("AAAAAAJoaQ==")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("grpc-status")).isEmpty();
      assertThat(origin.take().body()).isEqualTo("AAAAAAJoaQ==");
      assertThat(events).isEmpty();
    }
  }
}
