package dev.sluice.api.internal.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.TestFlows;
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
  void printingAndParsingAgainGivesAnEqualFilter(@ForAll("expressions") String expression, @ForAll("flows") HttpFlow flow) {
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
  void doubleNegationChangesNothing(@ForAll("expressions") String expression, @ForAll("flows") HttpFlow flow) {
    FlowFilter filter = FlowFilter.parse(expression);

    assertThat(FlowFilter.parse("!!(" + expression + ")").test(flow)).isEqualTo(filter.test(flow));
    assertThat(filter.negate().negate().test(flow)).isEqualTo(filter.test(flow));
  }

  @Property(tries = 300)
  void deMorganLawsHold(@ForAll("expressions") String a, @ForAll("expressions") String b, @ForAll("flows") HttpFlow flow) {
    boolean notOr = FlowFilter.parse("!((" + a + ") | (" + b + "))").test(flow);
    boolean andOfNots = FlowFilter.parse("!(" + a + ") & !(" + b + ")").test(flow);
    boolean notAnd = FlowFilter.parse("!((" + a + ") & (" + b + "))").test(flow);
    boolean orOfNots = FlowFilter.parse("!(" + a + ") | !(" + b + ")").test(flow);

    assertThat(notOr).isEqualTo(andOfNots);
    assertThat(notAnd).isEqualTo(orOfNots);
  }

  @Property(tries = 200)
  void juxtapositionMeansAnd(@ForAll("expressions") String a, @ForAll("expressions") String b, @ForAll("flows") HttpFlow flow) {
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
  Arbitrary<HttpFlow> flows() {
    Arbitrary<HttpFlow> random = Combinators.combine(
            Arbitraries.of("GET", "POST", "PUT"),
            Arbitraries.of("http://example.com/api/v1", "https://shop.test:8443/cart", "http://127.0.0.1:8080/"),
            Arbitraries.of(0, 200, 404, 101),
            Arbitraries.of("", "hello world", "token=1"),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of("", "!", "todo later"),
            Arbitraries.of(ReplayKind.values()).injectNull(0.5))
        .as(FilterPropertiesTest::flow);
    return Arbitraries.oneOf(random, Arbitraries.of(TestFlows.names()).map(TestFlows::flow));
  }

  private static HttpFlow flow(String method, String url, int status, String body, boolean gzip, boolean extras,
      String marker, ReplayKind replay) {
    HttpRequest request = HttpRequest.builder()
        .method(method)
        .url(url)
        .header("Accept", extras ? "text/html" : "*/*")
        .header("Content-Type", gzip ? "application/json" : "text/plain")
        .content(body.getBytes(UTF_8))
        .build();
    HttpFlow flow = HttpFlow.create(TestFlows.client("127.0.0.1", 40000 + status), request);
    if (status != 0) {
      HttpResponse.Builder response = HttpResponse.builder().status(status).header("Server", "origin");
      if (gzip) {
        response.header("Content-Encoding", "gzip").header("Content-Type", "text/html").content(TestFlows.gzip(body));
      } else {
        response.content(body.getBytes(UTF_8));
      }
      flow.respond(response.build());
      flow.setServer(ServerConnection.of(request.host(), request.port()));
    } else if (extras) {
      flow.setError(FlowError.of(FlowError.Kind.TIMEOUT, "timed out"));
    }
    if (extras && status == 101) {
      WebSocketData ws = WebSocketData.create();
      ws.addMessage(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, body.getBytes(UTF_8)));
      flow.setWebSocket(ws);
    }
    if (extras) {
      flow.request().headers().add("X-Trace", "on");
      flow.metadata().put("tag", body);
    }
    flow.setMarker(marker);
    flow.setComment(marker);
    flow.setReplay(replay);
    return flow;
  }
}
