package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ContentCodec;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mitmproxy's own oracle: {@code flows/X.mitm} exported to HAR equals {@code flows/X.har}. */
class HarExportOracleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Numbers compare by value (1.0 equals 1) to a microsecond of a millisecond. */
  private static final Comparator<JsonNode> NUMBERS = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return Math.abs(a.asDouble() - b.asDouble()) <= 1e-3 ? 0 : 1;
    }
    return a.equals(b) ? 0 : 1;
  };

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"corrupted_gzip_body", "diff_data", "error_log", "event_stream", "incomplete_log",
      "successful_log", "websocket"})
  void exportingMitmproxysFlowsGivesMitmproxysHarWhereTheFormatsAgree(String name) throws Exception {
    Path dir = Corpus.root().resolve("mitmproxy/flows");
    JsonNode expected = JSON.readTree(dir.resolve(name + ".har").toFile()).get("log").get("entries");
    JsonNode actual = JSON.readTree(Har.toJson(FlowReader.readAll(dir.resolve(name + ".mitm")))).get("log").get("entries");

    assertThat(actual.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode want = comparable(expected.get(i));
      JsonNode got = comparable(actual.get(i));
      for (String field : new String[] {"request", "response", "timings", "startedDateTime", "serverIPAddress",
          "_resourceType", "_webSocketMessages", "cache"}) {
        assertThat(got.path(field).equals(NUMBERS, want.path(field)))
            .as("%s entry %d %s:%n got  %s%n want %s", name, i, field, got.path(field), want.path(field))
            .isTrue();
      }
    }
  }

  /**
   * The entry without what Sluice's model does not keep (the time to connect and to set up TLS,
   * hence the total time), without mitmproxy's schema-invalid empty content of a flow that has
   * no response (Sluice writes {@code size} and {@code mimeType} there), and without
   * {@code headersSize}: mitmproxy writes the length of Python's text form of its header list,
   * Sluice the size of the head on the wire, as HAR 1.2 defines it.
   */
  private static JsonNode comparable(JsonNode entry) {
    ObjectNode copy = entry.deepCopy();
    copy.remove("time");
    ((ObjectNode) copy.get("request")).remove("headersSize");
    ((ObjectNode) copy.get("response")).remove("headersSize");
    ((ObjectNode) copy.get("timings")).remove("connect");
    ((ObjectNode) copy.get("timings")).remove("ssl");
    if (copy.get("response").get("status").asInt() == 0 || !decodable(copy.get("response"))) {
      ((ObjectNode) copy.get("response")).remove("content");
    }
    return copy;
  }

  /**
   * Whether this build can decode the response's {@code Content-Encoding}: {@code br} and
   * {@code zstd} come with proxy-core's codecs, which are not on this module's class path yet.
   */
  private static boolean decodable(JsonNode response) {
    for (JsonNode header : response.path("headers")) {
      if (header.path("name").asText().equalsIgnoreCase("content-encoding")) {
        String encoding = header.path("value").asText().trim().toLowerCase(Locale.ROOT);
        return List.of("gzip", "deflate", "identity").contains(encoding)
            || ServiceLoader.load(ContentCodec.class).stream().anyMatch(c -> c.get().name().equals(encoding));
      }
    }
    return true;
  }
}
