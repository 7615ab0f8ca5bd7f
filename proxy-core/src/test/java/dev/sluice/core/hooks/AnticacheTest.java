package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HttpFlow;
import dev.sluice.testing.TestFlows;
import org.junit.jupiter.api.Test;

class AnticacheTest {

  @Test
  void removesEveryConditionalHeaderAndNothingElse() {
    HttpFlow flow = TestFlows.get("http://example.com/",
        "If-None-Match", "\"a\"", "if-none-match", "\"b\"", "If-Modified-Since", "Tue, 01 Jan 2030 00:00:00 GMT",
        "Cache-Control", "max-age=0", "Accept", "*/*");

    new Anticache().requestHeaders(flow);

    assertThat(flow.request().headers().toString())
        .isEqualTo("Cache-Control: max-age=0\r\nAccept: */*\r\n");
  }

  @Test
  void leavesRequestsTheFilterDoesNotMatch() {
    HttpFlow flow = TestFlows.get("http://other.org/", "If-None-Match", "\"a\"");

    new Anticache(f -> f.request().host().equals("example.com")).requestHeaders(flow);

    assertThat(flow.request().headers().get("If-None-Match")).isEqualTo("\"a\"");
  }

  @Test
  void anticompAsksForIdentityEncodingInPlaceOfWhatTheClientSent() {
    HttpFlow flow = TestFlows.get("http://example.com/", "Accept-Encoding", "gzip, br", "Accept", "*/*");

    new Anticomp().requestHeaders(flow);

    assertThat(flow.request().headers().toString()).isEqualTo("Accept-Encoding: identity\r\nAccept: */*\r\n");
  }
}
