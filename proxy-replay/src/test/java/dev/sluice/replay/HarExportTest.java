package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.api.WebSocketMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HarExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theExportOfEveryCorpusFlowIsValidHar12() throws Exception {
    List<Flow> flows = new ArrayList<>(List.of(StoredFlows.exchange(1), StoredFlows.webSocket(2), StoredFlows.failed(3)));
    flows.addAll(Corpus.allDumpFlows());

    JsonNode har = JSON.readTree(Har.toJson(flows));

    assertThat(HarSchema.violations(har)).isEmpty();
    assertThat(har.get("log").get("entries")).hasSize(flows.size());
    assertThat(har.get("log").get("creator").get("name").asText()).isEqualTo("Sluice");
  }

  @Test
  void websocketMessagesAreExportedAsChromiumDoes() throws Exception {
    JsonNode entry = JSON.readTree(Har.toJson(List.of(StoredFlows.webSocket(2)))).get("log").get("entries").get(0);

    assertThat(entry.get("_resourceType").asText()).isEqualTo("websocket");
    assertThat(entry.get("_webSocketMessages").get(0).get("type").asText()).isEqualTo("send");
    assertThat(entry.get("_webSocketMessages").get(0).get("opcode").asInt()).isEqualTo(1);
    assertThat(entry.get("_webSocketMessages").get(0).get("data").asText()).isEqualTo("hello");
    assertThat(entry.get("_webSocketMessages").get(1).get("type").asText()).isEqualTo("receive");
    assertThat(entry.get("_webSocketMessages").get(1).get("opcode").asInt()).isEqualTo(2);
    assertThat(entry.get("_webSocketMessages").get(1).get("data").asText()).isEqualTo("AAEC/w==");
  }

  @Test
  void cookiesQueryAndFormFieldsAreListed() throws Exception {
    JsonNode entry = JSON.readTree(Har.toJson(List.of(StoredFlows.exchange(1)))).get("log").get("entries").get(0);

    assertThat(entry.at("/request/cookies/1/name").asText()).isEqualTo("theme");
    assertThat(entry.at("/request/queryString/0/value").asText()).isEqualTo("a/b");
    assertThat(entry.at("/request/postData/text").asText()).isEqualTo("{\"item\":1}");
    assertThat(entry.at("/response/cookies/0/path").asText()).isEqualTo("/items");
    assertThat(entry.at("/response/cookies/0/httpOnly").asBoolean()).isTrue();
    assertThat(entry.at("/response/redirectURL").asText()).isEqualTo("/items/1");
    assertThat(entry.at("/response/content/text").asText()).isEqualTo("{\"id\":1,\"name\":\"caf\u00e9\"}");
    assertThat(entry.at("/serverIPAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.at("/comment").asText()).isEqualTo("flow 1");
  }

  @Test
  void aConnectRequestIsExportedWithTheUrlOfItsTunnel() throws Exception {
    Flow connect = Flow.builder().client(StoredFlows.exchange(1).client()).request(Request.builder()
        .method("CONNECT").host("example.com").port(8443).authority("example.com:8443").path("*").build()).build();

    JsonNode entry = JSON.readTree(Har.toJson(List.of(connect))).get("log").get("entries").get(0);

    assertThat(entry.at("/request/url").asText()).isEqualTo("https://example.com:8443/");
    assertThat(HarSchema.violations(JSON.readTree(Har.toJson(List.of(connect))))).isEmpty();
  }

  @Test
  void queryParametersWithoutAValueReadBackAsTheyWere(@TempDir Path here) throws Exception {
    Flow flow = Flow.builder().client(StoredFlows.exchange(1).client()).request(Request.builder()
        .url("http://example.com/list?shown&sort=&page=2").build()).build();
    Path file = here.resolve("valueless.har");

    Har.write(file, List.of(flow));

    assertThat(FlowReader.readAll(file).get(0).request().url()).isEqualTo("http://example.com/list?shown&sort=&page=2");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"session.har", "session.zhar"})
  void flowsWrittenAsHarReadBackWithTheirMessagesAndBodies(String name) throws Exception {
    List<Flow> flows = List.of(StoredFlows.exchange(1), StoredFlows.webSocket(2), StoredFlows.failed(3));
    Path file = dir.resolve(name);

    Har.write(file, flows);
    List<Flow> back = FlowReader.readAll(file);

    assertThat(Files.readAllBytes(file)[0] == '{').isEqualTo(name.endsWith(".har"));
    assertThat(back).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Flow want = flows.get(i);
      Flow got = back.get(i);
      assertThat(got.request().url()).isEqualTo(want.request().url());
      assertThat(got.request().method()).isEqualTo(want.request().method());
      assertThat(got.request().rawContent()).isEqualTo(want.request().rawContent());
      assertThat(got.request().timestampStart()).isEqualTo(want.request().timestampStart());
      assertThat(got.comment()).isEqualTo(want.comment());
      if (want.response() != null) {
        assertThat(got.response().statusCode()).isEqualTo(want.response().statusCode());
        assertThat(got.response().reason()).isEqualTo(want.response().reason());
        assertThat(got.response().headers()).isEqualTo(want.response().headers());
        assertThat(got.response().rawContent()).isEqualTo(want.response().rawContent());
      } else {
        assertThat(got.response()).isNull();
        assertThat(got.error().message()).isEqualTo(want.error().message());
      }
    }
    assertThat(back.get(1).webSocket().messages()).extracting(WebSocketMessage::fromClient, WebSocketMessage::type,
        WebSocketMessage::text, WebSocketMessage::timestamp)
        .containsExactlyElementsOf(flows.get(1).webSocket().messages().stream()
            .map(m -> org.assertj.core.groups.Tuple.tuple(m.fromClient(), m.type(), m.text(), m.timestamp())).toList());
  }
}
