package dev.sluice.api;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpResponseTest {

  @Test
  void emptyResponseHasZeroContentLengthAndTheStandardReason() {
    HttpResponse response = Response.of(404);

    assertThat(response).hasToString("HTTP/1.1 404 Not Found");
    assertThat(response.headers()).hasToString("Content-Length: 0\r\n");
    assertThat(response.source()).isEqualTo(ResponseSource.HOOK);
  }

  @Test
  void textResponseHasTypeWithCharsetAndLength() {
    HttpResponse text = Response.of(200, "text/plain", "h\u00e9");
    HttpResponse json = Response.of(201, "application/json", "{}");

    assertThat(text.headers()).hasToString("Content-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n");
    assertThat(text.text()).isEqualTo("h\u00e9");
    assertThat(json.headers().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void textResponseIsEncodedInTheCharsetItDeclares() {
    HttpResponse latin = Response.of(200, "text/plain; Charset=ISO-8859-1", "caf\u00e9");

    assertThat(latin.headers()).hasToString("Content-Type: text/plain; Charset=ISO-8859-1\r\nContent-Length: 4\r\n");
    assertThat(latin.rawContent()).isEqualTo("caf\u00e9".getBytes(ISO_8859_1));
    assertThat(latin.text()).isEqualTo("caf\u00e9");
  }

  @Test
  void textResponseNamesMissingArguments() {
    assertThatThrownBy(() -> Response.of(200, null, "x")).isInstanceOf(NullPointerException.class).hasMessage("contentType");
    assertThatThrownBy(() -> Response.of(200, "text/plain", null)).isInstanceOf(NullPointerException.class).hasMessage("text");
  }

  @Test
  void statusAndReasonAreValidatedEagerly() {
    assertThatThrownBy(() -> Response.builder().status(99).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status: out of range 100..999: 99");
    assertThatThrownBy(() -> Response.builder().reason("OK\r\nX: y").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason: contains CR, LF or NUL: \"OK\r\nX: y\"");
    assertThatThrownBy(() -> Response.of(200).setStatusCode(1000))
        .hasMessage("status: out of range 100..999: 1000");
    assertThatThrownBy(() -> Response.builder().source(null)).isInstanceOf(NullPointerException.class).hasMessage("source");
  }

  @Test
  void changingTheStatusResetsTheReason() {
    HttpResponse response = Response.builder().status(200).reason("Fine").build();
    assertThat(response.reason()).isEqualTo("Fine");

    response.setStatusCode(503);
    assertThat(response).hasToString("HTTP/1.1 503 Service Unavailable");
    response.setStatusCode(599);
    assertThat(response).hasToString("HTTP/1.1 599");
    response.setReason("Custom");
    assertThat(response.reason()).isEqualTo("Custom");
  }

  @Test
  void newBuilderKeepsSourceStatusAndBody() {
    HttpResponse original = Response.builder()
        .status(302).source(ResponseSource.REPLAY).header("Location", "/x").content(new byte[] {7}).build();

    HttpResponse copy = original.newBuilder().build();
    copy.headers().set("Location", "/y");

    assertThat(copy.statusCode()).isEqualTo(302);
    assertThat(copy.source()).isEqualTo(ResponseSource.REPLAY);
    assertThat(copy.rawContent()).containsExactly(7);
    assertThat(original.headers().get("Location")).isEqualTo("/x");
  }
}
