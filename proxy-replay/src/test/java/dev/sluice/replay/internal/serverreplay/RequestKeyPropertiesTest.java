package dev.sluice.replay.internal.serverreplay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HttpRequest;
import dev.sluice.api.Request;
import dev.sluice.replay.ServerReplayOptions;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RequestKeyPropertiesTest {

  @Property(tries = 300)
  void aRequestMatchesItsOwnRecordingUnderEveryOptionCombination(@ForAll("requests") HttpRequest request,
      @ForAll("options") ServerReplayOptions options) {
    HttpRequest again = request.newBuilder().build();

    assertThat(RequestKey.of(again, options)).isEqualTo(RequestKey.of(request, options));
    assertThat(RequestKey.of(again, options).hashCode()).isEqualTo(RequestKey.of(request, options).hashCode());
  }

  @Property(tries = 300)
  void requestsDifferingOnlyInAnIgnoredParameterMatch(@ForAll("requests") HttpRequest request,
      @ForAll("names") String param, @ForAll("values") String one, @ForAll("values") String two) {
    ServerReplayOptions options = ServerReplayOptions.builder().ignoreParams(param).build();

    assertThat(RequestKey.of(withParam(request, param, one), options))
        .isEqualTo(RequestKey.of(withParam(request, param, two), options));
  }

  @Property(tries = 300)
  void requestsDifferingOnlyInAnIgnoredFormFieldMatch(@ForAll("names") String field,
      @ForAll("values") String one, @ForAll("values") String two, @ForAll("values") String kept) {
    ServerReplayOptions options = ServerReplayOptions.builder().ignorePayloadParams(field).build();

    assertThat(RequestKey.of(form("keep=" + kept + "&" + field + "=" + one), options))
        .isEqualTo(RequestKey.of(form(field + "=" + two + "&keep=" + kept), options));
  }

  @Property(tries = 200)
  void requestsDifferingInAKeptParameterDoNotMatch(@ForAll("requests") HttpRequest request,
      @ForAll("names") String param, @ForAll("values") String one, @ForAll("values") String two) {
    Assume.that(!one.equals(two));

    assertThat(RequestKey.of(withParam(request, param, one), ServerReplayOptions.defaults()))
        .isNotEqualTo(RequestKey.of(withParam(request, param, two), ServerReplayOptions.defaults()));
  }

  @Provide
  Arbitrary<HttpRequest> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE");
    Arbitrary<String> host = Arbitraries.of("example.com", "127.0.0.1", "api.test");
    Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
    Arbitrary<String> path = Arbitraries.strings().withChars("abc/-_.").ofMaxLength(12).map(p -> "/" + p);
    Arbitrary<String> query = Arbitraries.strings().withChars("ab=&+").ofMaxLength(12)
        .flatMap(q -> Arbitraries.of("", "%2F", "%C3%A9").map(escape -> q + escape));
    Arbitrary<String> body = Arbitraries.strings().ofMaxLength(20);
    return Combinators.combine(method, host, port, path, query, body).as((m, h, p, pa, q, b) -> {
      return Request.builder().method(m).scheme("http").host(h).port(p).path(pa + (q.isEmpty() ? "" : "?" + q))
          .header("Host", h + ":" + p).header("Accept", "*/*").content(b.getBytes(StandardCharsets.UTF_8)).build();
    });
  }

  @Provide
  Arbitrary<ServerReplayOptions> options() {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(flag, flag, flag, flag, Arbitraries.of("a", "b", "zz"), Arbitraries.of("Accept", "X-Missing"))
        .as((content, host, port, reuse, param, header) -> ServerReplayOptions.builder()
            .ignoreContent(content).ignoreHost(host).ignorePort(port).reuse(reuse)
            .ignoreParams(param).ignorePayloadParams(param).useHeaders(header).build());
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).filter(n -> !n.equals("keep"));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().alpha().numeric().ofMaxLength(6);
  }

  private static HttpRequest withParam(HttpRequest request, String param, String value) {
    HttpRequest copy = request.newBuilder().build();
    String path = copy.path();
    copy.setPath(path + (path.contains("?") ? "&" : "?") + param + "=" + value);
    return copy;
  }

  private static HttpRequest form(String body) {
    return Request.builder().method("POST").url("http://example.com/form")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .content(body.getBytes(StandardCharsets.UTF_8)).build();
  }
}
