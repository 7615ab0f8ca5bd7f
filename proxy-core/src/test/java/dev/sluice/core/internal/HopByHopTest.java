package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Headers;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopByHopTest {

  @Test
  void dropsTheHopByHopFieldsAndThoseConnectionNames() {
    Headers headers = Headers.of(
        "Host", "example.com",
        "Connection", "keep-alive, X-Private",
        "Connection", "x-other",
        "X-Private", "1",
        "X-Other", "2",
        "Keep-Alive", "timeout=5",
        "Proxy-Connection", "keep-alive",
        "TE", "trailers",
        "Trailer", "X-Sum",
        "Transfer-Encoding", "chunked",
        "Upgrade", "websocket",
        "Expect", "100-continue",
        "X-Kept", "yes");

    HttpHeaders forwarded = HopByHop.forward(headers, Set.of("expect"));

    assertThat(forwarded.names()).containsExactlyInAnyOrder("Host", "X-Kept");
    assertThat(headers.size()).isEqualTo(13);
  }

  @Test
  void matchesTheHopByHopNamesInAnyCaseAndNothingElseOfTheirLength() {
    Headers headers = Headers.of(
        "CONNECTION", "close", "keep-ALIVE", "timeout=5", "te", "trailers", "tRaIlEr", "X-Sum", "UPGRADE", "h2c",
        "proxy-connection", "close", "TRANSFER-ENCODING", "chunked",
        "Xy", "2", "X-Token", "7", "Set-Cookie", "a=10", "Content-Location", "/16", "X-Forwarded-Proto", "https");

    HttpHeaders forwarded = HopByHop.forward(headers, Set.of());

    assertThat(forwarded.names()).containsExactly("Xy", "X-Token", "Set-Cookie", "Content-Location", "X-Forwarded-Proto");
  }

  @Test
  void keepsOrderCaseAndRepeatedFields() {
    Headers headers = Headers.of("Set-Cookie", "a=1", "x-lower", "v", "Set-Cookie", "b=2");

    HttpHeaders forwarded = HopByHop.forward(headers, Set.of());

    assertThat(forwarded.entries()).extracting(e -> e.getKey() + ": " + e.getValue())
        .containsExactly("Set-Cookie: a=1", "x-lower: v", "Set-Cookie: b=2");
  }
}
