package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.core.ProxyServer;
import dev.sluice.testing.TestFlows;
import org.junit.jupiter.api.Test;

class MapRemoteTest {

  private static HttpFlow request(MapRemote hook, HttpFlow flow) {
    hook.request(flow);
    return flow;
  }

  @Test
  void rewritesHostAndPathOfTheUrl() {
    HttpFlow flow = request(MapRemote.of(":example.org/images/:mitmproxy.org/img/"),
        TestFlows.get("https://example.org/images/test.jpg"));

    assertThat(flow.request().url()).isEqualTo("https://mitmproxy.org/img/test.jpg");
    assertThat(flow.request().host()).isEqualTo("mitmproxy.org");
    assertThat(flow.request().port()).isEqualTo(443);
    assertThat(flow.request().path()).isEqualTo("/img/test.jpg");
  }

  @Test
  void theHostHeaderFollowsTheNewHostAndPort() {
    HttpFlow flow = request(MapRemote.of("|http://[^/]+|http://example.com:4444"),
        TestFlows.get("http://example.org/example", "Host", "example.org"));

    assertThat(flow.request().headers().get("Host")).isEqualTo("example.com:4444");
    assertThat(flow.request().url()).isEqualTo("http://example.com:4444/example");
  }

  @Test
  void aNewSchemeGetsItsDefaultPortAndTheHostHeaderLeavesItOut() {
    HttpFlow flow = request(MapRemote.of("|^http://example.org:8080/|https://example.org/"),
        TestFlows.get("http://example.org:8080/a?b=1", "Host", "example.org:8080"));

    assertThat(flow.request().scheme()).isEqualTo("https");
    assertThat(flow.request().port()).isEqualTo(443);
    assertThat(flow.request().path()).isEqualTo("/a?b=1");
    assertThat(flow.request().headers().get("Host")).isEqualTo("example.org");
  }

  @Test
  void anAbsoluteFormAuthorityFollowsAndAMissingHostHeaderIsNotAdded() {
    HttpFlow flow = TestFlows.of(Request.builder().url("http://example.org/a").authority("example.org").build());

    request(MapRemote.of("|//example.org/|//[::1]:9000/"), flow);

    assertThat(flow.request().host()).isEqualTo("::1");
    assertThat(flow.request().authority()).isEqualTo("[::1]:9000");
    assertThat(flow.request().headers().contains("Host")).isFalse();
  }

  @Test
  void theRegexMatchesTheUrlTheClientMeantFromTheHostHeader() {
    HttpFlow flow = request(MapRemote.of("|//public.example/|//127.0.0.1:3000/"),
        TestFlows.get("http://10.0.0.5/api", "Host", "public.example"));

    assertThat(flow.request().url()).isEqualTo("http://127.0.0.1:3000/api");
    assertThat(flow.request().headers().get("Host")).isEqualTo("127.0.0.1:3000");
  }

  @Test
  void replacementsArePythonsWithGroupsAndNamedGroups() {
    HttpFlow numbered = request(MapRemote.of("|//(\\w+)\\.example\\.com/v(\\d)/|//\\1.internal/api\\2/"),
        TestFlows.get("https://users.example.com/v2/list"));
    HttpFlow named = request(MapRemote.of("|//(?P<service_name>\\w+)\\.example\\.com|//\\g<service_name>.test$1"),
        TestFlows.get("https://users.example.com/"));

    assertThat(numbered.request().url()).isEqualTo("https://users.internal/api2/list");
    assertThat(named.request().url()).isEqualTo("https://users.test$1/");
  }

  @Test
  void everyMatchIsReplacedAndLaterSpecsSeeWhatEarlierOnesMade() {
    HttpFlow flow = request(MapRemote.of("|a|b", "|//bbb.test/|//c.test/"), TestFlows.get("http://aaa.test/a"));

    assertThat(flow.request().url()).isEqualTo("http://c.test/b");
  }

  @Test
  void onlyFlowsTheFilterMatchesAreMapped() {
    MapRemote hook = MapRemote.of("|~m POST|//example.org/|//example.net/");

    assertThat(request(hook, TestFlows.get("http://example.org/")).request().host()).isEqualTo("example.org");
    assertThat(request(hook, TestFlows.post("http://example.org/", "text/plain", "x")).request().host())
        .isEqualTo("example.net");
  }

  @Test
  void answeredKilledAndFailedFlowsAreLeftAlone() {
    MapRemote hook = MapRemote.of(":example.org:mitmproxy.org");
    HttpFlow killed = TestFlows.get("https://example.org/images/test.jpg");
    killed.kill();
    HttpFlow answered = TestFlows.get("https://example.org/");
    answered.respond(Response.of(204));

    assertThat(request(hook, killed).request().host()).isEqualTo("example.org");
    assertThat(request(hook, answered).request().host()).isEqualTo("example.org");
  }

  @Test
  void aRewriteThatIsNoUrlFailsNamingTheSpecAndTheResult() {
    MapRemote hook = MapRemote.of("|^https?://[^/]+|ftp://x");

    assertThatThrownBy(() -> hook.request(TestFlows.get("http://example.org/a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("map_remote: spec \"|^https?://[^/]+|ftp://x\" made \"ftp://x/a\", which is no absolute"
            + " http(s) URL: ");
  }

  @Test
  void badSpecsAreRefusedNamingThem() {
    assertThatThrownBy(() -> MapRemote.of("/foo/+/three"))
        .hasMessageStartingWith("spec \"/foo/+/three\": invalid regex \"+\": ");
    assertThatThrownBy(() -> MapRemote.of("|(a)|\\2"))
        .hasMessage("spec \"|(a)|\\2\": replacement \"\\2\": \\2 refers to group 2, but the regex has 1 group");
    assertThatThrownBy(() -> MapRemote.of("|a|\\q")).hasMessage("spec \"|a|\\q\": replacement \"\\q\": bad escape \\q at position 0");
    assertThatThrownBy(() -> MapRemote.of("|only")).hasMessageContaining("expected 2 or 3 parts");
    assertThatThrownBy(() -> MapRemote.of("|~nosuch|a|b")).hasMessageStartingWith("spec \"|~nosuch|a|b\": ");
  }

  @Test
  void theOptionChecksEachSpecAsItIsSet() {
    assertThatThrownBy(() -> ProxyServer.builder().option("map_remote", "/foo/+/three"))
        .hasMessageStartingWith("map_remote: spec \"/foo/+/three\": invalid regex");
    assertThat(ProxyServer.builder().mapRemote("|a|b").option("map_remote", "|c|d").get(MapRemote.MAP_REMOTE))
        .containsExactly("|a|b", "|c|d");
  }
}
