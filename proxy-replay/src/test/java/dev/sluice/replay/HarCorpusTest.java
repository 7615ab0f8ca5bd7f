package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Flow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HarCorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> requestOnlyHars() {
    return Corpus.files("har-examples", ".har").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestOnlyHars")
  void requestOnlyHarFilesImportWithTheirMethodUrlAndBody(Path file) throws Exception {
    JsonNode request = JSON.readTree(file.toFile()).get("log").get("entries").get(0).get("request");

    List<Flow> flows = Har.read(file);

    assertThat(flows).hasSize(1);
    Flow flow = flows.get(0);
    assertThat(flow.request().method()).isEqualTo(request.get("method").asText());
    assertThat(flow.request().url()).startsWith(request.get("url").asText());
    JsonNode postData = request.path("postData");
    if (postData.path("text").isTextual()) {
      assertThat(flow.request().text()).isEqualTo(postData.get("text").asText());
    }
    for (JsonNode param : postData.path("params")) {
      assertThat(flow.request().text()).contains(param.get("name").asText());
    }
    for (JsonNode pair : request.path("queryString")) {
      assertThat(flow.request().path()).contains(pair.get("name").asText() + "=");
    }
  }

  @Test
  void aMultipartFormGivenAsFieldsBecomesAMultipartBody() throws Exception {
    Flow flow = Har.read(Corpus.file("har-examples/multipart-data.har")).get(0);

    assertThat(flow.request().headers().get("content-type"))
        .isEqualTo("multipart/form-data; boundary=----SluiceHarImportBoundary");
    assertThat(flow.request().text()).isEqualTo("------SluiceHarImportBoundary\r\n"
        + "Content-Disposition: form-data; name=\"foo\"; filename=\"hello.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nHello World\r\n------SluiceHarImportBoundary--\r\n");
  }

  @Test
  void aZlibCompressedHarReadsLikeItsPlainForm() throws Exception {
    List<Flow> flows = FlowReader.readAll(Corpus.file("mitmproxy/flows/compressed.zhar"));

    assertThat(flows).hasSize(2);
    assertThat(flows).allSatisfy(f -> assertThat(f.request().url()).startsWith("http"));
  }

  @Test
  void theFlowReaderTellsHarFilesFromDumpsAndReadsBoth() throws Exception {
    assertThat(FlowReader.readAll(Corpus.file("mitmproxy/har_files/with-bom.har"))).hasSize(1);
    assertThat(FlowReader.readAll(Corpus.file("mitmproxy/har_files/firefox.har"))).hasSize(14);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "mitmproxy/corrupted_har/brokenfile.har | not valid JSON at line 5, column 1",
      "mitmproxy/corrupted_har/broken_headers.json | there is no \"log\" object",
      "mitmproxy/har_extractor.har | there is no \"log\" object",
  })
  void brokenHarFilesAreRefusedNamingTheFileAndTheProblem(String file, String problem) {
    Path path = Corpus.file(file);

    FlowReadException e = catchThrowableOfType(FlowReadException.class, () -> Har.read(path));

    assertThat(e).hasMessageStartingWith(path.toString()).hasMessageContaining(problem);
  }

  @Test
  void anEntryWithoutARequestIsNamedInTheError() {
    String har = "{\"log\":{\"version\":\"1.2\",\"entries\":[{\"startedDateTime\":\"2024-01-01T00:00:00Z\"}]}}";

    FlowReadException e = catchThrowableOfType(FlowReadException.class,
        () -> Har.read(new java.io.ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8)), "mine.har"));

    assertThat(e).hasMessage("mine.har: log.entries[0]: missing \"request\"");
  }
}
