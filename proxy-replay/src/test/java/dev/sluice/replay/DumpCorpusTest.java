package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DumpCorpusTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "dumpfiles/dumpfile-011.mitm, https://example.com/, 1, 0",
      "dumpfiles/dumpfile-018.mitm, https://www.example.com/, 1, 0",
      "dumpfiles/dumpfile-019.mitm, https://webrv.rtb-seller.com/, 1, 0",
      "dumpfiles/dumpfile-7-websocket.mitm, https://echo.websocket.org/, 6, 0",
      "dumpfiles/dumpfile-7.mitm, https://example.com/, 2, 0",
      "dumpfiles/dumpfile-10.mitm, https://example.com/, 1, 0",
      "dumpfiles/dumpfile-19.mitm, https://cloudflare-quic.com/, 1, 0",
      "flows/corrupted_gzip_body.mitm, , 1, 0",
      "flows/diff_data.mitm, , 5, 2",
      "flows/error_log.mitm, , 2, 0",
      "flows/event_stream.mitm, , 2, 0",
      "flows/incomplete_log.mitm, , 4, 0",
      "flows/successful_log.mitm, , 2, 0",
      "flows/websocket.mitm, , 3, 0",
  })
  void everyDumpMitmproxyReadsGivesItsFlowsAndLastUrl(String file, String lastUrl, int count, int skipped)
      throws Exception {
    try (FlowReader reader = FlowReader.open(Corpus.file("mitmproxy/" + file))) {
      List<Flow> flows = reader.readAll();
      assertThat(flows).hasSize(count);
      assertThat(reader.skipped()).isEqualTo(skipped);
      if (lastUrl != null) {
        assertThat(flows.get(flows.size() - 1).request().url()).startsWith(lastUrl);
      }
    }
  }

  @Test
  void aDumpOfMitmproxy010IsRefusedAsTooOld() {
    assertThatThrownBy(() -> FlowReader.readAll(Corpus.file("mitmproxy/dumpfiles/dumpfile-010.mitm")))
        .isInstanceOf(FlowReadException.class)
        .hasMessageContaining("dumpfile-010.mitm")
        .hasMessageContaining("bad record at byte 0")
        .hasMessageContaining("flow format version (0, 10) is too old");
  }
}
