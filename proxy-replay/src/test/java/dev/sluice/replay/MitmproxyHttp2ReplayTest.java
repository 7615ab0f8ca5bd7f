package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.JdkClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/2 flows that mitmproxy recorded (its own test dumps) replay to an HTTP/2 client. */
class MitmproxyHttp2ReplayTest {

  /** Where the client sends; never dialled (LAZY, and every request is answered from the dump). */
  private static final String NOWHERE = "localhost:9";

  @Test
  void everyRecordedHttp2ExchangeIsAnsweredOverHttp2WithItsRecordedStatusAndBody() throws Exception {
    Path dump = Corpus.file("mitmproxy/flows/successful_log.mitm");
    List<Flow> http2 = FlowReader.readAll(dump).stream()
        .filter(flow -> flow.request().httpVersion().equals("HTTP/2.0") && flow.response() != null).toList();
    assertThat(http2).as("HTTP/2 exchanges in %s", dump).isNotEmpty();
    // the recorded hosts are public ones: the client names another, and replay matches without the host
    ServerReplayOptions options = ServerReplayOptions.builder().ignoreHost(true).ignorePort(true).extra("kill").build();

    try (ProxyServer replay = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY)
        .hook(ServerReplay.fromFile(dump, options)).start()) {
      HttpClient client = JdkClients.http2Via(replay);
      for (Flow flow : http2) {
        HttpResponse<byte[]> reply = client.send(sameRequestElsewhere(flow.request()), BodyHandlers.ofByteArray());

        assertThat(reply.version()).as(flow.request().url()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(reply.statusCode()).as(flow.request().url()).isEqualTo(flow.response().statusCode());
        assertThat(reply.body()).as(flow.request().url()).isEqualTo(flow.response().rawContent());
      }
    }
  }

  private static HttpRequest sameRequestElsewhere(Request recorded) {
    URI uri = URI.create(recorded.scheme() + "://" + NOWHERE + recorded.path());
    byte[] body = recorded.rawContent();
    return HttpRequest.newBuilder(uri)
        .method(recorded.method(), body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body))
        .build();
  }
}
