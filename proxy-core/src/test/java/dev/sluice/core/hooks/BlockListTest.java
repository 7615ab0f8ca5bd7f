package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.core.ProxyServer;
import dev.sluice.testing.TestFlows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockListTest {

  /** mitmproxy's own cases (test_blocklist.py); an empty status means the request goes through. */
  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      ":~u\\sexample.org:404 https://example.org/images/test.jpg 404",
      ":~u\\sexample.com:404 https://example.org/images/test.jpg ''",
      ":~u\\stest:404 https://example.org/images/TEST.jpg 404",
      "/!jpg/418 https://example.org/images/test.jpg ''",
      "/!png/418 https://example.org/images/test.jpg 418",
      "|~u\\s/DATA|500 https://example.org/DATA 500",
      "|~u\\s/ASSETS|501 https://example.org/assets 501",
      "|~u\\s/ping|201 https://example.org/PING 201",
  })
  void matchingRequestsGetTheStatusAndAreMarked(String spec, String url, String status) {
    HttpFlow flow = TestFlows.get(url);

    BlockList.of(spec.replace("\\s", " ")).request(flow);

    if (status.isEmpty()) {
      assertThat(flow.hasResponse()).isFalse();
      assertThat(flow.metadata()).doesNotContainKey(BlockList.BLOCKLISTED);
    } else {
      assertThat(flow.response().statusCode()).isEqualTo(Integer.parseInt(status));
      assertThat(flow.response().content()).isEmpty();
      assertThat(flow.metadata()).containsEntry(BlockList.BLOCKLISTED, true);
    }
  }

  @Test
  void headerFiltersMatchWhateverTheCase() {
    HttpFlow cookie = TestFlows.get("https://example.org/robots.txt", "Cookie", "foo=BAR; key1=value1");
    HttpFlow agent = TestFlows.get("https://example.org/products/123", "user-agent", "curl/8.11.1");

    BlockList.of("|~hq Cookie:\\sfoo=BAR|403").request(cookie);
    BlockList.of("|~hq User-Agent:\\scurl|401").request(agent);

    assertThat(cookie.response().statusCode()).isEqualTo(403);
    assertThat(agent.response().statusCode()).isEqualTo(401);
  }

  @Test
  void status444KillsTheFlowInsteadOfAnswering() {
    HttpFlow flow = TestFlows.get("http://example.org/");

    BlockList.of(":.*:444").request(flow);

    assertThat(flow.isKilled()).isTrue();
    assertThat(flow.hasResponse()).isFalse();
    assertThat(flow.metadata()).containsEntry(BlockList.BLOCKLISTED, true);
  }

  @Test
  void theFirstMatchingSpecDecidesAndFlowsAlreadyHandledAreLeftAlone() {
    HttpFlow flow = TestFlows.get("http://example.org/a");
    HttpFlow killed = TestFlows.get("http://example.org/a");
    killed.kill();
    HttpFlow answered = TestFlows.get("http://example.org/a");
    answered.respond(Response.of(200));
    BlockList hook = BlockList.of("/~u a/410", "/.*/404");

    hook.request(flow);
    hook.request(killed);
    hook.request(answered);

    assertThat(flow.response().statusCode()).isEqualTo(410);
    assertThat(killed.hasResponse()).isFalse();
    assertThat(answered.response().statusCode()).isEqualTo(200);
    assertThat(answered.metadata()).isEmpty();
  }

  @Test
  void badSpecsAreRefusedNamingThem() {
    assertThatThrownBy(() -> BlockList.of("/~u index.html/TOOMANY/300"))
        .hasMessage("spec \"/~u index.html/TOOMANY/300\": expected 2 parts separated by \"/\" (/filter/status), got 3");
    assertThatThrownBy(() -> BlockList.of(":~d ~d ~d:200")).hasMessageStartingWith("spec \":~d ~d ~d:200\": ");
    assertThatThrownBy(() -> BlockList.of("/~u index.html/abc"))
        .hasMessage("spec \"/~u index.html/abc\": status \"abc\" is not a number");
    assertThatThrownBy(() -> BlockList.of("/~u index.html/100"))
        .hasMessage("spec \"/~u index.html/100\": status 100 cannot answer a request: expected 200 to 999 (444 closes the "
            + "connection)");
    assertThatThrownBy(() -> BlockList.of("/~u x/99999999999")).hasMessageContaining("status 99999999999 cannot answer");
    assertThatThrownBy(() -> BlockList.of("lalelu")).hasMessageStartingWith("spec \"lalelu\": expected 2 parts");
    assertThatThrownBy(() -> BlockList.of("/only")).hasMessageStartingWith("spec \"/only\": expected 2 parts");
  }

  @Test
  void theOptionChecksEachSpecAsItIsSet() {
    assertThatThrownBy(() -> ProxyServer.builder().option("block_list", "/~u ads/abc"))
        .hasMessage("block_list: spec \"/~u ads/abc\": status \"abc\" is not a number");
    assertThat(ProxyServer.builder().blockList("/~u ads/404").option("block_list", "/~u track/444").get(BlockList.BLOCK_LIST))
        .containsExactly("/~u ads/404", "/~u track/444");
  }
}
