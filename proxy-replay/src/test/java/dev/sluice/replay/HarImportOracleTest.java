package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Flow;
import dev.sluice.api.Headers;
import dev.sluice.api.Message;
import dev.sluice.replay.internal.FlowParts;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mitmproxy's own oracle: {@code har_files/X.har} imported matches mitmweb's flow JSON {@code X.json}. */
class HarImportOracleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"charles", "chrome", "firefox", "head-content-length", "insomnia", "postdata", "with-bom"})
  void importingAHarGivesTheFlowsMitmprosyMakesOfIt(String name) throws Exception {
    Path dir = Corpus.root().resolve("mitmproxy/har_files");
    JsonNode expected = JSON.readTree(dir.resolve(name + ".json").toFile());
    List<Flow> flows = Har.read(dir.resolve(name + ".har"));
    JsonNode entries = JSON.readTree(dir.resolve(name + ".har").toFile()).path("log").path("entries");

    assertThat(flows).hasSize(expected.size());
    for (int i = 0; i < flows.size(); i++) {
      Flow flow = flows.get(i);
      JsonNode want = expected.get(i);
      JsonNode request = want.get("request");
      String where = name + " flow " + i;
      assertThat(flow.request().method()).as(where).isEqualTo(request.get("method").asText());
      assertThat(flow.request().scheme()).as(where).isEqualTo(request.get("scheme").asText());
      assertThat(flow.request().host()).as(where).isEqualTo(request.get("host").asText());
      assertThat(flow.request().port()).as(where).isEqualTo(request.get("port").asInt());
      assertThat(flow.request().path()).as(where).isEqualTo(request.get("path").asText());
      assertThat(flow.request().httpVersion()).as(where)
          .isEqualTo(version(entries.get(i).path("request"), request));
      assertMessage(flow.request(), request, where + " request");
      JsonNode response = want.get("response");
      if (response.get("status_code").asInt() == 0) {
        // A request the browser never got an answer to: mitmproxy makes a response with status 0,
        // Sluice keeps the flow without a response and with the browser's error.
        assertThat(flow.response()).as(where).isNull();
        assertThat(flow.error()).as(where).isNotNull();
        continue;
      }
      assertThat(flow.response().statusCode()).as(where).isEqualTo(response.get("status_code").asInt());
      assertThat(flow.response().httpVersion()).as(where)
          .isEqualTo(version(entries.get(i).path("response"), response));
      assertMessage(flow.response(), response, where + " response");
      JsonNode address = want.get("server_conn").get("address");
      if (address.isNull()) {
        assertThat(flow.server()).as(where).isNull();
      } else {
        assertThat(FlowParts.hostOf(flow.server().peer())).as(where).isEqualTo(address.get(0).asText());
      }
    }
  }

  /**
   * The version mitmproxy gives when it knows the HAR's spelling ({@code http/2.0}, {@code HTTP/2},
   * {@code HTTP/3}; it makes anything else HTTP/1.1); Sluice also knows {@code h3}, {@code HTTP/2.0}
   * and the like, and writes HTTP/2 as {@code HTTP/2.0} as mitmproxy's dumps do.
   */
  private static String version(JsonNode harMessage, JsonNode want) {
    String har = harMessage.path("httpVersion").asText("");
    if (List.of("http/2.0", "HTTP/2", "HTTP/3").contains(har)) {
      return want.get("http_version").asText().replace("HTTP/2", "HTTP/2.0");
    }
    return FlowParts.httpVersion(har);
  }

  /**
   * Headers (but HTTP/2 pseudo-headers such as {@code :authority}, which are no header fields
   * and which Sluice's model refuses), body length and SHA-256, and timestamps to the millisecond.
   */
  private static void assertMessage(Message message, JsonNode want, String where) throws Exception {
    List<Headers.Field> expectedHeaders = new ArrayList<>();
    for (JsonNode field : want.get("headers")) {
      if (!field.get(0).asText().startsWith(":")) {
        expectedHeaders.add(new Headers.Field(field.get(0).asText(),
            FlowParts.latin1(field.get(1).asText())));
      }
    }
    assertThat(message.headers().fields()).as(where).containsExactlyElementsOf(expectedHeaders);
    assertThat(message.rawContentLength()).as(where).isEqualTo(want.get("contentLength").asInt());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message.rawContent())))
        .as(where).isEqualTo(want.get("contentHash").asText());
    assertThat(FlowParts.seconds(message.timestampStart())).as(where)
        .isCloseTo(want.get("timestamp_start").asDouble(), offset(1e-3));
    assertThat(FlowParts.seconds(message.timestampEnd())).as(where)
        .isCloseTo(want.get("timestamp_end").asDouble(), offset(1e-3));
  }
}
