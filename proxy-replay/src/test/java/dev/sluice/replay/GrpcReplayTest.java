package dev.sluice.replay;

import static dev.sluice.core.testing.GrpcEcho.CLIENT_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.FAIL;
import static dev.sluice.core.testing.GrpcEcho.SERVER_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.UNARY;
import static dev.sluice.core.testing.GrpcEcho.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.Flow;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.GrpcEcho;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC calls recorded with their messages (the framed bodies, as mitmproxy keeps them) and answered
 * offline by server replay to the same grpc-java client: streamed responses in order, error
 * statuses, and a well-formed UNIMPLEMENTED naming the closest recorded call for a miss.
 */
class GrpcReplayTest {

  private final GrpcEcho recording = new GrpcEcho();
  private final GrpcEcho replaying = new GrpcEcho();

  @TempDir
  Path dir;

  @AfterEach
  void close() throws Exception {
    replaying.close();
    recording.close();
  }

  /** Records a unary call, a server-streaming one and a failing one over TLS; the server is down afterwards. */
  private Path record(Server server) throws Exception {
    Path dump = dir.resolve("grpc.mitm");
    try (FlowRecorder recorder = FlowRecorder.to(dump);
        ProxyServer proxy = ProxyServer.builder().upstreamTrust(GrpcEcho.originTrust()).hook(recorder).start()) {
      ManagedChannel channel = recording.channel(proxy, server.getPort(), true);
      assertThat(text(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("hello")))).isEqualTo("hello");
      assertThat(count(channel)).containsExactly("n1", "n2", "n3");
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, CallOptions.DEFAULT, text("42")))
          .isInstanceOf(StatusRuntimeException.class);
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    return dump;
  }

  private static List<String> count(ManagedChannel channel) {
    List<String> replies = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAMING, CallOptions.DEFAULT, text("3"))
        .forEachRemaining(reply -> replies.add(text(reply)));
    return replies;
  }

  @Test
  void aRecordedCallKeepsItsMessagesAsFramedBodiesAndItsStatusAsTrailers() throws Exception {
    List<Flow> flows = FlowReader.readAll(record(recording.server(true)));

    Flow count = flows.stream().filter(f -> f.request().path().endsWith("/Count")).findFirst().orElseThrow();
    assertThat(count.request().rawContent()).isEqualTo(new byte[] {0, 0, 0, 0, 1, '3'});
    assertThat(count.response().rawContent()).isEqualTo(new byte[] {
        0, 0, 0, 0, 2, 'n', '1', 0, 0, 0, 0, 2, 'n', '2', 0, 0, 0, 0, 2, 'n', '3'});
    assertThat(count.response().trailers().get("grpc-status")).isEqualTo("0");
  }

  @Test
  void recordedCallsAreReplayedOfflineToTheSameClientAndAMissIsUnimplementedNamingTheClosestCall() throws Exception {
    Server server = recording.server(true);
    int port = server.getPort();
    Path dump = record(server);

    try (ProxyServer replay = ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY)
        .hook(ServerReplay.fromFile(dump, ServerReplayOptions.builder().extra("404").build())).start()) {
      ManagedChannel channel = replaying.channel(replay, port, true);

      assertThat(count(channel)).containsExactly("n1", "n2", "n3");
      assertThat(text(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("hello")))).isEqualTo("hello");
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, CallOptions.DEFAULT, text("42")))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo("no item 42");
          });

      CompletableFuture<byte[]> joined = new CompletableFuture<>();
      StreamObserver<byte[]> parts = ClientCalls.asyncClientStreamingCall(
          channel.newCall(CLIENT_STREAMING, CallOptions.DEFAULT), completing(joined));
      parts.onNext(text("a"));
      parts.onCompleted();
      assertThatThrownBy(() -> joined.get(10, TimeUnit.SECONDS)).cause()
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
            assertThat(e.getStatus().getDescription()).contains("gRPC call /sluice.test.Echo/Join to localhost")
                .contains("was not in the recording").contains("closest recorded call: /sluice.test.Echo/");
          });
    }
  }

  @Test
  void mitmdumpReadsARecordedCallAndDecodesItsMessages() throws Exception {
    Path mitmdump = Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(p -> Path.of(p, "mitmdump")).filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(mitmdump != null, "mitmdump is not installed");
    Path dump = record(recording.server(true));
    Path script = dir.resolve("grpc.py");
    Files.writeString(script, String.join("\n",
        "def response(flow):",
        "    if flow.request.path.endswith('/Count'):",
        "        print('STATUS', flow.response.trailers.get('grpc-status'), flush=True)",
        "        print('BODY', flow.response.raw_content.hex(), flush=True)",
        ""));

    Process process = new ProcessBuilder(mitmdump.toString(), "-q", "-n", "-r", dump.toString(), "-s", script.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.lines()).as(output).contains("STATUS 0", "BODY 00000000026e3100000000026e3200000000026e33");
  }

  private static StreamObserver<byte[]> completing(CompletableFuture<byte[]> result) {
    return new StreamObserver<>() {
      @Override public void onNext(byte[] value) {
        result.complete(value);
      }

      @Override public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override public void onCompleted() {
      }
    };
  }
}
