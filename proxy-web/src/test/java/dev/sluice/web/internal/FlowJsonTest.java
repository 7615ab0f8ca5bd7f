package dev.sluice.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FlowJsonTest {

  private static final Instant START = Instant.parse("2026-01-02T10:00:00Z");
  private static final ClientConnection CLIENT = ClientConnection.of(new InetSocketAddress("127.0.0.1", 50123),
      new InetSocketAddress("127.0.0.1", 8080));

  @Test
  void aRowSaysWhatTheListShows() {
    Flow flow = Flow.builder().client(CLIENT)
        .request(Request.builder().method("POST").url("https://api.test/orders").timestampStart(START).build())
        .response(Response.builder().status(201).reason("Created").content(new byte[1536])
            .timestampStart(START.plusMillis(30)).timestampEnd(START.plusMillis(42)).build())
        .build();

    ObjectNode row = FlowJson.summary(flow, 9);

    assertThat(row.get("seq").asLong()).isEqualTo(9);
    assertThat(row.get("method").asText()).isEqualTo("POST");
    assertThat(row.get("url").asText()).isEqualTo("https://api.test/orders");
    assertThat(row.get("status").asInt()).isEqualTo(201);
    assertThat(row.get("reason").asText()).isEqualTo("Created");
    assertThat(row.get("size").asInt()).isEqualTo(1536);
    assertThat(row.get("duration").asDouble()).isEqualTo(42.0);
    assertThat(row.get("httpVersion").asText()).isEqualTo("HTTP/1.1");
    assertThat(row.get("error").isNull()).isTrue();
    assertThat(row.get("websocket").asBoolean()).isFalse();
    assertThat(row.get("grpc").asBoolean()).isFalse();
  }

  @Test
  void aFailedFlowHasNoStatusAndIsTimedToItsError() {
    Flow flow = Flow.builder().client(CLIENT)
        .request(Request.builder().url("http://down.test/").timestampStart(START).build())
        .error(new FlowError(FlowError.Kind.CONNECT_FAILED, "down.test: connection refused", START.plusMillis(7)))
        .build();

    ObjectNode detail = FlowJson.detail(flow, 1, 100);

    assertThat(detail.get("status").isNull()).isTrue();
    assertThat(detail.get("size").isNull()).isTrue();
    assertThat(detail.get("duration").asDouble()).isEqualTo(7.0);
    assertThat(detail.get("error").asText()).isEqualTo("down.test: connection refused");
    assertThat(detail.get("errorKind").asText()).isEqualTo("CONNECT_FAILED");
    assertThat(detail.get("response").isNull()).isTrue();
    assertThat(detail.get("timing").findValuesAsText("label")).contains("request started", "error");
  }

  @Test
  void aGrpcCallIsMarked() {
    Flow flow = Flow.builder().client(CLIENT)
        .request(Request.builder().method("POST").url("http://grpc.test/pkg.Greeter/Hello").header("Content-Type", "application/grpc").build())
        .build();

    assertThat(FlowJson.summary(flow, 1).get("grpc").asBoolean()).isTrue();
  }

  @Test
  void aBodyIsDecodedAndCutAtTheLimitSayingSo() {
    Flow flow = Flow.builder().client(CLIENT)
        .request(Request.builder().url("http://x.test/").build())
        .response(Response.builder().header("Content-Type", "text/plain").content("0123456789".getBytes(StandardCharsets.UTF_8))
            .trailers(Headers.of("X-Sum", "45")).build())
        .build();

    ObjectNode response = (ObjectNode) FlowJson.detail(flow, 1, 4).get("response");

    assertThat(response.get("firstLine").asText()).isEqualTo("HTTP/1.1 200 OK");
    assertThat(response.at("/headers/0/0").asText()).isEqualTo("Content-Type");
    assertThat(response.at("/trailers/0/1").asText()).isEqualTo("45");
    assertThat(response.at("/body/size").asInt()).isEqualTo(10);
    assertThat(response.at("/body/truncated").asBoolean()).isTrue();
    assertThat(new String(Base64.getDecoder().decode(response.at("/body/base64").asText()), StandardCharsets.UTF_8)).isEqualTo("0123");
    assertThat(response.at("/body/contentType").asText()).isEqualTo("text/plain");
  }

  @Test
  void aBodyThatDoesNotDecodeIsShownAsReceivedWithTheReason() {
    HttpResponse response = Response.builder().header("Content-Encoding", "gzip").build();
    response.setRawContent("not gzip".getBytes(StandardCharsets.UTF_8));
    Flow flow = Flow.builder().client(CLIENT).request(Request.builder().url("http://x.test/").build()).response(response).build();

    ObjectNode body = (ObjectNode) FlowJson.detail(flow, 1, 100).at("/response/body");

    assertThat(body.get("decodeError").asText()).isNotEmpty();
    assertThat(new String(Base64.getDecoder().decode(body.get("base64").asText()), StandardCharsets.UTF_8)).isEqualTo("not gzip");
  }
}
