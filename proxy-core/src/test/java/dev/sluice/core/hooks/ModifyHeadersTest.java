package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.testing.TestFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModifyHeadersTest {

  @TempDir
  Path dir;

  @Test
  void replacesEveryFieldOfTheNameWithTheSpecValue() {
    HttpFlow flow = TestFlows.get("http://example.com/", "User-Agent", "curl", "user-agent", "again", "Accept", "*/*");

    ModifyHeaders.of("/~q/User-Agent/sluice").requestHeaders(flow);

    assertThat(flow.request().headers().toString()).isEqualTo("Accept: */*\r\nUser-Agent: sluice\r\n");
  }

  @Test
  void twoSpecsForOneNameGiveTwoFieldsInSpecOrder() {
    HttpFlow flow = TestFlows.get("http://example.com/", "X-A", "old");

    ModifyHeaders.of("/X-A/one", "/X-A/two").requestHeaders(flow);

    assertThat(flow.request().headers().getAll("X-A")).containsExactly("one", "two");
  }

  @Test
  void anEmptyValueDeletes() {
    HttpFlow flow = TestFlows.answered(TestFlows.get("http://example.com/"),
        Response.builder().header("Server", "nginx").header("Date", "x").build());

    ModifyHeaders.of("/~s/Server/").responseHeaders(flow);

    assertThat(flow.response().headers().contains("Server")).isFalse();
    assertThat(flow.response().headers().get("Date")).isEqualTo("x");
  }

  @Test
  void filtersAreEvaluatedOnTheUnmodifiedFlow() {
    HttpFlow flow = TestFlows.get("http://example.com/", "X-Mode", "a");

    ModifyHeaders.of("/~h X-Mode:.a/X-Mode/b", "/~h X-Mode:.a/X-Seen/yes").requestHeaders(flow);

    assertThat(flow.request().headers().get("X-Mode")).isEqualTo("b");
    assertThat(flow.request().headers().get("X-Seen")).isEqualTo("yes");
  }

  @Test
  void requestsWithAResponseAlreadySetAreLeftAlone() {
    HttpFlow flow = TestFlows.answered(TestFlows.get("http://example.com/", "X-A", "1"), Response.builder().build());

    ModifyHeaders.of("/X-A/2").requestHeaders(flow);

    assertThat(flow.request().headers().get("X-A")).isEqualTo("1");
  }

  @Test
  void erroredFlowsAreLeftAlone() {
    HttpFlow flow = TestFlows.answered(TestFlows.get("http://example.com/"), Response.builder().header("X-A", "1").build());
    TestFlows.failed(flow, FlowError.of(FlowError.Kind.UPSTREAM_RESET, "reset"));

    ModifyHeaders.of("/X-A/2").responseHeaders(flow);

    assertThat(flow.response().headers().get("X-A")).isEqualTo("1");
  }

  @Test
  void aValueFileThatDisappearsSkipsThatSpecOnly() throws Exception {
    Path file = dir.resolve("v");
    Files.writeString(file, "from-file");
    ModifyHeaders hook = ModifyHeaders.of("|X-File|@" + file, "/X-Plain/plain");
    Files.delete(file);
    HttpFlow flow = TestFlows.get("http://example.com/", "X-File", "old");

    hook.requestHeaders(flow);

    assertThat(flow.request().headers().contains("X-File")).isFalse();
    assertThat(flow.request().headers().get("X-Plain")).isEqualTo("plain");
  }

  @Test
  void aSubjectThatIsNoHeaderNameIsRejected() {
    assertThatThrownBy(() -> ModifyHeaders.of("/Bad Name/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"/Bad Name/x\"");
  }
}
