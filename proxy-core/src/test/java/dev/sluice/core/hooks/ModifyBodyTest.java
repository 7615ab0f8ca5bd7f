package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.testing.TestFlows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ModifyBodyTest {

  private static HttpFlow withResponse(String body, String... headers) {
    HttpFlow flow = TestFlows.get("http://example.com/");
    HttpResponse.Builder builder = Response.builder().status(200).content(body.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    flow.respond(builder.build());
    return flow;
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void replacesEveryMatchLiterallyAndFixesContentLength() {
    HttpFlow flow = withResponse("a1 b22 c333", "Content-Length", "11");

    ModifyBody.of("/\\d+/$0$").response(flow);

    assertThat(flow.response().text()).isEqualTo("a$0$ b$0$ c$0$");
    assertThat(flow.response().headers().get("Content-Length")).isEqualTo("14");
  }

  @Test
  void specsApplyInOrderEachOnThePreviousOutput() {
    HttpFlow flow = withResponse("cat");

    ModifyBody.of("/cat/dog", "/dog/wolf").response(flow);

    assertThat(flow.response().text()).isEqualTo("wolf");
  }

  @Test
  void gzipBodiesAreDecodedModifiedAndEncodedAgain() throws Exception {
    HttpFlow flow = TestFlows.get("http://example.com/");
    flow.respond(Response.builder().status(200).header("Content-Encoding", "gzip")
        .content(gzip("Example Domain")).build());

    ModifyBody.of("/Example/Sluice").response(flow);

    assertThat(flow.response().headers().get("Content-Encoding")).isEqualTo("gzip");
    assertThat(flow.response().text()).isEqualTo("Sluice Domain");
    assertThat(flow.response().headers().get("Content-Length"))
        .isEqualTo(Integer.toString(flow.response().rawContentLength()));
  }

  @Test
  void dotMatchesNewlinesAsInMitmproxy() {
    HttpFlow flow = withResponse("<a>\n</a>");

    ModifyBody.of("|<a>.*</a>|x").response(flow);

    assertThat(flow.response().text()).isEqualTo("x");
  }

  @Test
  void modifiesRequestsUntilAResponseIsSet() {
    HttpFlow flow = TestFlows.get("http://example.com/");
    flow.request().setText("user=ada");

    ModifyBody.of("/~q/ada/bob").request(flow);

    assertThat(flow.request().text()).isEqualTo("user=bob");
  }

  @Test
  void nonAsciiPatternsMatchTheirUtf8Bytes() {
    HttpFlow flow = withResponse("café crème", "Content-Type", "text/plain; charset=utf-8");

    ModifyBody.of("/crème/brûlée").response(flow);

    assertThat(flow.response().text()).isEqualTo("café brûlée");
  }

  @Test
  void streamedBodiesAreLeftAlone() {
    HttpFlow flow = withResponse("");
    flow.response().setStreamed(true);

    ModifyBody.of("/.*/x").response(flow);

    assertThat(flow.response().rawContentLength()).isZero();
  }

  @Test
  void anInvalidRegexIsRejectedQuotingTheSpec() {
    assertThatThrownBy(() -> ModifyBody.of("/a(b/c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"/a(b/c\"")
        .hasMessageContaining("invalid regex");
  }
}
