package dev.sluice.junit5;

import static dev.sluice.core.testing.GrpcEcho.SERVER_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.UNARY;
import static dev.sluice.core.testing.GrpcEcho.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.GrpcEcho;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Cassette} with a grpc-java client: recorded through to the server once, replayed without it. */
class GrpcCassetteTest {

  private static final GrpcEcho grpc = new GrpcEcho();
  private static int port;
  private static MethodDescriptor<byte[], byte[]> streamingMethod = SERVER_STREAMING;
  private static final List<Status.Code> statuses = new ArrayList<>();

  @TempDir
  Path cassettes;

  @AfterEach
  void closeAll() throws Exception {
    grpc.close();
    grpc.received.clear();
    statuses.clear();
    streamingMethod = SERVER_STREAMING;
  }

  private void recordThenStopTheServer(Map<String, String> config) throws Exception {
    Server server = grpc.server(true);
    port = server.getPort();
    assertThat(SampleRun.of(GrpcSession.class, config).passed("callsTheService")).isTrue();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aGrpcSessionIsRecordedOnceThenReplayedWithTheServerDown() throws Exception {
    Map<String, String> config = Map.of(Cassette.DIRECTORY, cassettes.toString());
    recordThenStopTheServer(config);
    assertThat(grpc.received).containsExactly("hello", "3");
    assertThat(cassettes.resolve("GrpcCassetteTest.GrpcSession/callsTheService.mitm")).isRegularFile();

    assertThat(SampleRun.of(GrpcSession.class, config).passed("callsTheService")).isTrue();

    assertThat(grpc.received).hasSize(2);
  }

  @Test
  void aCallNotInTheCassetteIsUnimplementedAndFailsTheTestNamingIt() throws Exception {
    Map<String, String> config = Map.of(Cassette.DIRECTORY, cassettes.toString());
    recordThenStopTheServer(config);
    statuses.clear();
    streamingMethod = GrpcEcho.BIDI;

    Throwable failure = SampleRun.of(GrpcSession.class, config).failure("callsTheService");

    assertThat(statuses).containsExactly(Status.Code.UNIMPLEMENTED);
    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageContaining("has no recorded response for 1 request(s)")
        .hasMessageContaining("POST https://localhost:" + port + "/sluice.test.Echo/Chat");
  }

  /** Makes the sample's proxy trust the gRPC server. */
  static final class TrustTheServer implements Consumer<ProxyServer.Builder> {
    @Override
    public void accept(ProxyServer.Builder proxy) {
      proxy.upstreamTrust(GrpcEcho.originTrust());
    }
  }

  @Sluice(configure = TrustTheServer.class)
  @Cassette
  @SampleRun.OnlyHere
  static class GrpcSession {
    @Test
    void callsTheService(TestProxy proxy) throws Exception {
      ManagedChannel channel = grpc.channel(proxy.server(), port, true);

      assertThat(text(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("hello")))).isEqualTo("hello");
      List<String> replies = new ArrayList<>();
      try {
        ClientCalls.blockingServerStreamingCall(channel, streamingMethod, CallOptions.DEFAULT, text("3"))
            .forEachRemaining(reply -> replies.add(text(reply)));
        statuses.add(Status.Code.OK);
      } catch (StatusRuntimeException e) {
        statuses.add(e.getStatus().getCode());
        return;
      }
      assertThat(replies).containsExactly("n1", "n2", "n3");
    }
  }
}
