package dev.sluice.api.internal.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.SampleFlows;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the filter language, on random expressions and random flows. */
class FilterPropertiesTest {

  private static final List<String> ATOMS = List.of(
      "~all", "~q", "~s", "~e", "~http", "~websocket", "~marked", "~replay", "~replayq", "~replays", "~a",
      "~tcp", "~c 200", "~c 404", "~m get", "~m ^p", "~d example", "~d ^shop\\.test$", "~u /api", "~u :8080",
      "~h x-trace", "~hq \"accept: text\"", "~hs ^server:", "~b hello", "~bq token", "~bs 'hello world'",
      "~t json", "~tq text", "~ts html", "~marker .", "~comment todo", "~meta tag", "~src 127", "~dst :443$",
      "example.com", "'a b'", "\"x\\\"y\"");

  @Property(tries = 300)
  void printingAndParsingAgainGivesAnEqualFilter(@ForAll("expressions") String expression, @ForAll("flows") Flow flow) {
    FlowFilter parsed = FlowFilter.parse(expression);
    FlowFilter reparsed = FlowFilter.parse(parsed.toString());

    assertThat(reparsed).isEqualTo(parsed).hasToString(parsed.toString());
    assertThat(reparsed.test(flow)).isEqualTo(parsed.test(flow));
  }

  @Property(tries = 500)
  void anyRegexTextSurvivesPrintingAndParsing(@ForAll("regexTexts") String text, @ForAll RegexField field) {
    RegexNode node = RegexNode.of(field, Pattern.quote(text));

    assertThat(FlowFilter.parse(node.toString())).isEqualTo(node);
  }

  @Provide
  Arbitrary<String> regexTexts() {
    return Arbitraries.strings().withChars("ab.\\\"' ()~!&|\t\n\r\f\u00e9\u20ac").ofMaxLength(12);
  }

  @Property(tries = 300)
  void doubleNegationChangesNothing(@ForAll("expressions") String expression, @ForAll("flows") Flow flow) {
    FlowFilter filter = FlowFilter.parse(expression);

    assertThat(FlowFilter.parse("!!(" + expression + ")").test(flow)).isEqualTo(filter.test(flow));
    assertThat(filter.negate().negate().test(flow)).isEqualTo(filter.test(flow));
  }

  @Property(tries = 300)
  void deMorganLawsHold(@ForAll("expressions") String a, @ForAll("expressions") String b, @ForAll("flows") Flow flow) {
    boolean notOr = FlowFilter.parse("!((" + a + ") | (" + b + "))").test(flow);
    boolean andOfNots = FlowFilter.parse("!(" + a + ") & !(" + b + ")").test(flow);
    boolean notAnd = FlowFilter.parse("!((" + a + ") & (" + b + "))").test(flow);
    boolean orOfNots = FlowFilter.parse("!(" + a + ") | !(" + b + ")").test(flow);

    assertThat(notOr).isEqualTo(andOfNots);
    assertThat(notAnd).isEqualTo(orOfNots);
  }

  @Property(tries = 200)
  void juxtapositionMeansAnd(@ForAll("expressions") String a, @ForAll("expressions") String b, @ForAll("flows") Flow flow) {
    boolean juxtaposed = FlowFilter.parse("(" + a + ") (" + b + ")").test(flow);
    boolean and = FlowFilter.parse("(" + a + ") & (" + b + ")").test(flow);

    assertThat(juxtaposed).isEqualTo(and);
  }

  @Provide
  Arbitrary<String> expressions() {
    return Arbitraries.recursive(
        () -> Arbitraries.of(ATOMS),
        inner -> Arbitraries.oneOf(
            inner.map(e -> "!" + e),
            inner.map(e -> "(" + e + ")"),
            Combinators.combine(inner, inner).as((x, y) -> x + " & " + y),
            Combinators.combine(inner, inner).as((x, y) -> x + " | " + y),
            Combinators.combine(inner, inner).as((x, y) -> x + " " + y)),
        0, 4);
  }

  @Provide
  Arbitrary<Flow> flows() {
    Arbitrary<Flow> random = Combinators.combine(
            Arbitraries.of("GET", "POST", "PUT"),
            Arbitraries.of("http://example.com/api/v1", "https://shop.test:8443/cart", "http://127.0.0.1:8080/"),
            Arbitraries.of(0, 200, 404, 101),
            Arbitraries.of("", "hello world", "token=1"),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of("", "!", "todo later"),
            Arbitraries.of(ReplayKind.values()).injectNull(0.5))
        .as(FilterPropertiesTest::flow);
    return Arbitraries.oneOf(random, Arbitraries.of(SampleFlows.names()).map(SampleFlows::flow));
  }

  private static Flow flow(String method, String url, int status, String body, boolean gzip, boolean extras,
      String marker, ReplayKind replay) {
    HttpRequest request = Request.builder()
        .method(method)
        .url(url)
        .header("Accept", extras ? "text/html" : "*/*")
        .header("Content-Type", gzip ? "application/json" : "text/plain")
        .content(body.getBytes(UTF_8))
        .build();
    Flow.Builder flow = Flow.builder().client(SampleFlows.client("127.0.0.1", 40000 + status)).request(request);
    if (status != 0) {
      HttpResponse.Builder response = Response.builder().status(status).header("Server", "origin");
      if (gzip) {
        response.header("Content-Encoding", "gzip").header("Content-Type", "text/html").content(SampleFlows.gzip(body));
      } else {
        response.content(body.getBytes(UTF_8));
      }
      flow.response(response.build());
      flow.server(ServerConnection.of(request.host(), request.port()));
    } else if (extras) {
      flow.error(FlowError.of(FlowError.Kind.TIMEOUT, "timed out"));
    }
    if (extras && status == 101) {
      flow.webSocket(WebSocketData.builder()
          .message(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, body.getBytes(UTF_8))).build());
    }
    if (extras) {
      request.headers().add("X-Trace", "on");
      flow.metadata("tag", body);
    }
    flow.marker(marker);
    flow.comment(marker);
    flow.replay(replay);
    return flow.build();
  }
}
