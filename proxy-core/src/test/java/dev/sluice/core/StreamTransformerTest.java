package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.StreamTransformer;
import dev.sluice.core.testing.DigestOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link StreamTransformer} rewrites streamed bodies on the fly in both directions, far over the
 * aggregation limit (64 KiB here), and its failure fails the flow; bytes are checked by SHA-256.
 */
@ExtendWith(NettyLeakDetection.class)
class StreamTransformerTest {

  private static final long LARGE = 4L << 20;
  private static final byte[] END = "END".getBytes(StandardCharsets.US_ASCII);
  private static final DigestOrigin ORIGIN = DigestOrigin.start(null);

  @AfterAll
  static void stopOrigin() {
    ORIGIN.close();
  }

  /** Flips every bit of each chunk, adds {@code END} at the end, and notes whether every chunk was read-only. */
  private static final class Flip implements StreamTransformer {
    final AtomicBoolean allReadOnly = new AtomicBoolean(true);

    @Override
    public byte[] transform(ByteBuffer chunk) {
      allReadOnly.compareAndSet(true, chunk.isReadOnly());
      byte[] out = new byte[chunk.remaining()];
      chunk.get(out);
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) ~out[i];
      }
      return out;
    }

    @Override
    public byte[] finish() {
      return END.clone();
    }
  }

  private static InputStream flipped(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = off; i < off + n; i++) {
          b[i] = (byte) ~b[i];
        }
        return n;
      }
    };
  }

  private static String expectedFlipped(long length) throws IOException {
    return DigestOrigin.digest(new SequenceInputStream(flipped(DigestOrigin.bytes(length)),
        new ByteArrayInputStream(END)));
  }

  private static ProxyServer start(FlowHook hook) {
    return ProxyServer.builder().maxBodySize(64 * 1024).hook(hook).start();
  }

  @ParameterizedTest(name = "chunked={0}")
  @ValueSource(booleans = {false, true})
  void aDownloadIsRewrittenChunkByChunkAndLosesItsContentLength(boolean chunked) throws Exception {
    Flip flip = new Flip();
    try (ProxyServer proxy = start(new FlowHook() {
      @Override
      public void responseHeaders(HttpFlow flow) {
        flow.response().setStreamTransformer(flip);
      }
    })) {
      HttpResponse<InputStream> response = JdkClients.via(proxy).send(HttpRequest.newBuilder(
          ORIGIN.uri("/bytes/" + LARGE + (chunked ? "?chunked" : ""))).build(), BodyHandlers.ofInputStream());

      assertThat(response.headers().firstValue("Content-Length")).isEmpty();
      assertThat(DigestOrigin.digest(response.body())).isEqualTo(expectedFlipped(LARGE));
      assertThat(flip.allReadOnly).isTrue();
    }
  }

  @ParameterizedTest(name = "chunked={0}")
  @ValueSource(booleans = {false, true})
  void anUploadIsRewrittenChunkByChunk(boolean chunked) throws Exception {
    Flip flip = new Flip();
    try (ProxyServer proxy = start(new FlowHook() {
      @Override
      public void requestHeaders(HttpFlow flow) {
        flow.request().setStreamTransformer(flip);
      }
    })) {
      HttpRequest.BodyPublisher body = BodyPublishers.ofInputStream(() -> DigestOrigin.bytes(LARGE));
      HttpResponse<String> response = JdkClients.via(proxy).send(HttpRequest.newBuilder(ORIGIN.uri("/upload"))
          .POST(chunked ? body : BodyPublishers.fromPublisher(body, LARGE)).build(), BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo(expectedFlipped(LARGE));
      assertThat(flip.allReadOnly).isTrue();
    }
  }

  @Test
  void aTransformerThatThrowsFailsTheFlowAndCutsTheDownload() throws Exception {
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    try (ProxyServer proxy = start(new FlowHook() {
      @Override
      public void responseHeaders(HttpFlow flow) {
        flow.response().setStreamTransformer(chunk -> {
          throw new IllegalStateException("no thanks");
        });
      }

      @Override
      public void error(HttpFlow flow) {
        error.complete(flow.error());
      }
    })) {
      HttpClient client = JdkClients.via(proxy);

      assertThatThrownBy(() -> DigestOrigin.digest(client.send(HttpRequest.newBuilder(
          ORIGIN.uri("/bytes/" + LARGE)).build(), BodyHandlers.ofInputStream()).body()))
          .isInstanceOf(IOException.class);
      FlowError failure = error.get(5, TimeUnit.SECONDS);
      assertThat(failure.kind()).isEqualTo(FlowError.Kind.HOOK_FAILED);
      assertThat(failure.message()).contains("stream transformer of the response failed")
          .contains("no thanks");
    }
  }
}
