package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.DigestOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.RawClient;
import dev.sluice.core.testing.RawOrigin;
import dev.sluice.tls.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies far larger than the aggregation limit (64 KiB here) go through the proxy with
 * {@code stream_large_bodies} on, in both directions, with and without {@code Content-Length},
 * over HTTP and over HTTPS through CONNECT; the bytes are checked end to end by SHA-256.
 */
@ExtendWith(NettyLeakDetection.class)
class StreamingTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();
  private static final int LIMIT = 64 * 1024;
  private static final int CUTOFF = 16 * 1024;
  private static final long LARGE = 8L << 20;
  private static final DigestOrigin HTTP = DigestOrigin.start(null);
  private static final DigestOrigin HTTPS = DigestOrigin.start(ORIGIN_CA);

  @AfterAll
  static void stopOrigins() {
    HTTP.close();
    HTTPS.close();
  }

  static Stream<Arguments> originsAndFramings() {
    return Stream.of(Arguments.of("http", false), Arguments.of("http", true), Arguments.of("https", false),
        Arguments.of("https", true));
  }

  private static DigestOrigin origin(String scheme) {
    return scheme.equals("https") ? HTTPS : HTTP;
  }

  private static ProxyServer start(long cutoff, FlowHook... hooks) {
    ProxyServer.Builder builder = ProxyServer.builder().maxBodySize(LIMIT).upstreamTrust(ORIGIN_CA.trustManager())
        .streamLargeBodies(cutoff);
    for (FlowHook hook : hooks) {
      builder.hook(hook);
    }
    return builder.start();
  }

  private static String expected(long length) throws Exception {
    return DigestOrigin.digest(DigestOrigin.bytes(length));
  }

  private static BodyPublisher upload(long length, boolean chunked) {
    BodyPublisher stream = BodyPublishers.ofInputStream(() -> DigestOrigin.bytes(length));
    return chunked ? stream : BodyPublishers.fromPublisher(stream, length);
  }

  @ParameterizedTest(name = "{0}, chunked={1}")
  @MethodSource("originsAndFramings")
  void downloadsFarOverTheLimitArriveIntact(String scheme, boolean chunked) throws Exception {
    try (ProxyServer proxy = start(CUTOFF)) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
          origin(scheme).uri("/bytes/" + LARGE + (chunked ? "?chunked" : ""))).build(), BodyHandlers.ofInputStream());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Length")).isEqualTo(
          chunked ? Optional.empty() : Optional.of(Long.toString(LARGE)));
      assertThat(DigestOrigin.digest(response.body())).isEqualTo(expected(LARGE));
    }
  }

  @ParameterizedTest(name = "{0}, chunked={1}")
  @MethodSource("originsAndFramings")
  void uploadsFarOverTheLimitArriveIntact(String scheme, boolean chunked) throws Exception {
    try (ProxyServer proxy = start(CUTOFF)) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(origin(scheme).uri("/upload"))
          .POST(upload(LARGE, chunked)).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(expected(LARGE));
    }
  }

  @Test
  void aResponseReadUntilCloseIsStreamedOnceItCrossesTheCutoff() throws Exception {
    try (RawOrigin origin = RawOrigin.start((socket, head) -> {
          try (OutputStream out = socket.getOutputStream()) {
            out.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            DigestOrigin.bytes(LARGE).transferTo(out);
          }
        });
        ProxyServer proxy = start(CUTOFF)) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + origin.port() + "/")).build(), BodyHandlers.ofInputStream());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(DigestOrigin.digest(response.body())).isEqualTo(expected(LARGE));
    }
  }

  @Test
  void aResponseWithoutLengthStreamedToAnHttp10ClientEndsByClosingTheConnection() throws Exception {
    long length = 4 * LIMIT;
    try (ProxyServer proxy = start(CUTOFF);
        RawClient client = RawClient.connect(proxy.address())) {
      String uri = HTTP.uri("/bytes/" + length + "?chunked").toString();
      String response = client.send("GET " + uri + " HTTP/1.0\r\n\r\n").readUntilClosed();

      int split = response.indexOf("\r\n\r\n") + 4;
      String head = response.substring(0, split);
      byte[] body = response.substring(split).getBytes(StandardCharsets.ISO_8859_1);
      assertThat(head).startsWith("HTTP/1.1 200 ").contains("Connection: close").doesNotContain("chunked")
          .doesNotContain("Content-Length");
      assertThat(DigestOrigin.digest(new ByteArrayInputStream(body))).isEqualTo(expected(length));
    }
  }

  @Test
  void aCutoffAboveTheLimitStreamsAtTheLimitInsteadOfFailing() throws Exception {
    try (ProxyServer proxy = start(1L << 30)) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<InputStream> download = client.send(HttpRequest.newBuilder(
          HTTP.uri("/bytes/" + (4 * LIMIT) + "?chunked")).build(), BodyHandlers.ofInputStream());
      HttpResponse<String> upload = client.send(HttpRequest.newBuilder(HTTP.uri("/upload"))
          .POST(upload(4 * LIMIT, true)).build(), BodyHandlers.ofString());

      assertThat(DigestOrigin.digest(download.body())).isEqualTo(expected(4 * LIMIT));
      assertThat(upload.body()).isEqualTo(expected(4 * LIMIT));
    }
  }

  @Test
  void streamedFlowsStillReachTheRequestAndResponseEventsWithoutABody() throws Exception {
    Recorder recorder = new Recorder();
    try (ProxyServer proxy = start(CUTOFF, recorder)) {
      HttpClient client = JdkClients.via(proxy);
      client.send(HttpRequest.newBuilder(HTTP.uri("/upload")).POST(upload(4 * LIMIT, true)).build(),
          BodyHandlers.ofString());
      HttpResponse<InputStream> download = client.send(
          HttpRequest.newBuilder(HTTP.uri("/bytes/" + (4 * LIMIT))).build(), BodyHandlers.ofInputStream());

      assertThat(DigestOrigin.digest(download.body())).isEqualTo(expected(4 * LIMIT));
      assertThat(recorder.take(4)).containsExactly(
          "request POST streamed=true bytes=0", "response POST streamed=false bytes=" + expected(4 * LIMIT).length(),
          "request GET streamed=false bytes=0", "response GET streamed=true bytes=0");
    }
  }

  @Test
  void bodiesUpToTheCutoffAreStillAggregatedForTheHooks() throws Exception {
    Recorder recorder = new Recorder();
    try (ProxyServer proxy = start(CUTOFF, recorder)) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<String> upload = client.send(HttpRequest.newBuilder(HTTP.uri("/upload"))
          .POST(upload(CUTOFF, true)).build(), BodyHandlers.ofString());
      HttpResponse<InputStream> download = client.send(
          HttpRequest.newBuilder(HTTP.uri("/bytes/" + CUTOFF + "?chunked")).build(), BodyHandlers.ofInputStream());

      assertThat(upload.body()).isEqualTo(expected(CUTOFF));
      assertThat(DigestOrigin.digest(download.body())).isEqualTo(expected(CUTOFF));
      assertThat(recorder.take(4)).containsExactly(
          "request POST streamed=false bytes=" + CUTOFF,
          "response POST streamed=false bytes=" + expected(CUTOFF).length(),
          "request GET streamed=false bytes=0", "response GET streamed=false bytes=" + CUTOFF);
    }
  }

  /** Records what the request and response events see. */
  private static final class Recorder implements FlowHook {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    /** The first {@code count} events, waiting up to 5 s for each (a streamed response's comes after its last byte). */
    List<String> take(int count) throws InterruptedException {
      List<String> taken = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
        taken.add(event);
      }
      return taken;
    }

    @Override
    public void request(HttpFlow flow) {
      events.add("request " + flow.request().method() + " streamed=" + flow.request().isStreamed() + " bytes="
          + flow.request().rawContentLength());
    }

    @Override
    public void response(HttpFlow flow) {
      events.add("response " + flow.request().method() + " streamed=" + flow.response().isStreamed() + " bytes="
          + flow.response().rawContentLength());
    }
  }
}
