package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.sluice.core.testing.GrpcEcho.BIDI;
import static dev.sluice.core.testing.GrpcEcho.CLIENT_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.FAIL;
import static dev.sluice.core.testing.GrpcEcho.HANG;
import static dev.sluice.core.testing.GrpcEcho.SERVER_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.UNARY;
import static dev.sluice.core.testing.GrpcEcho.text;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.GrpcEcho;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC through the proxy with grpc-java's own client and server, over TLS and in plain text with
 * prior knowledge, through {@code CONNECT} as grpc-java's proxy support does it: every kind of call,
 * statuses, deadlines, large messages and many calls on one connection, each call a flow.
 */
class GrpcTest {

  private final List<Flow> flows = new CopyOnWriteArrayList<>();
  private final GrpcEcho grpc = new GrpcEcho();
  private final BlockingQueue<Metadata> headersSeen = grpc.headersSeen;
  private final List<AutoCloseable> closing = new ArrayList<>(List.of(grpc));

  private Server server(boolean tls) throws IOException {
    return grpc.server(tls);
  }

  private ProxyServer proxy(FlowHook... hooks) {
    ProxyServer.Builder builder = ProxyServer.builder().upstreamTrust(GrpcEcho.originTrust())
        .hook(FlowHook.onResponse(flow -> flows.add(flow.snapshot())));
    for (FlowHook hook : hooks) {
      builder.hook(hook);
    }
    ProxyServer proxy = builder.start();
    closing.add(proxy);
    return proxy;
  }

  private ManagedChannel channel(ProxyServer proxy, Server server, boolean tls) throws Exception {
    return grpc.channel(proxy, server.getPort(), tls);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private void everyKindOfCall(boolean tls) throws Exception {
    ProxyServer proxy = proxy();
    ManagedChannel channel = channel(proxy, server(tls), tls);

    assertThat(text(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("hello")))).isEqualTo("hello");

    List<String> counted = new ArrayList<>();
    Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAMING, CallOptions.DEFAULT, text("3"));
    replies.forEachRemaining(reply -> counted.add(text(reply)));
    assertThat(counted).containsExactly("n1", "n2", "n3");

    CompletableFuture<String> joined = new CompletableFuture<>();
    StreamObserver<byte[]> parts = ClientCalls.asyncClientStreamingCall(channel.newCall(CLIENT_STREAMING, CallOptions.DEFAULT),
        observer(joined));
    parts.onNext(text("a"));
    parts.onNext(text("b"));
    parts.onNext(text("c"));
    parts.onCompleted();
    assertThat(joined.get(10, TimeUnit.SECONDS)).isEqualTo("abc");

    // each message waits for the reply to the one before: nothing may hold the request body until its end
    BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    CompletableFuture<String> chatEnded = new CompletableFuture<>();
    StreamObserver<byte[]> chat = ClientCalls.asyncBidiStreamingCall(channel.newCall(BIDI, CallOptions.DEFAULT),
        new StreamObserver<>() {
          @Override public void onNext(byte[] value) {
            answers.add(text(value));
          }

          @Override public void onError(Throwable t) {
            chatEnded.completeExceptionally(t);
          }

          @Override public void onCompleted() {
            chatEnded.complete("done");
          }
        });
    for (String word : List.of("one", "two", "three")) {
      chat.onNext(text(word));
      assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("re:" + word);
    }
    chat.onCompleted();
    assertThat(chatEnded.get(10, TimeUnit.SECONDS)).isEqualTo("done");

    waitForFlows(4);
    assertThat(flows).extracting(flow -> flow.request().path()).containsExactlyInAnyOrder(
        "/sluice.test.Echo/Unary", "/sluice.test.Echo/Count", "/sluice.test.Echo/Join", "/sluice.test.Echo/Chat");
    assertThat(flows).allSatisfy(flow -> {
      assertThat(flow.request().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flow.response().httpVersion()).isEqualTo("HTTP/2.0");
      assertThat(flow.response().trailers().get("grpc-status")).isEqualTo("0");
    });
  }

  private static StreamObserver<byte[]> observer(CompletableFuture<String> result) {
    return new StreamObserver<>() {
      @Override public void onNext(byte[] value) {
        result.complete(text(value));
      }

      @Override public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override public void onCompleted() {
      }
    };
  }

  private void waitForFlows(int count) throws InterruptedException {
    for (int i = 0; i < 100 && flows.size() < count; i++) {
      Thread.sleep(50);
    }
    assertThat(flows).hasSize(count);
  }

  @Test
  void everyKindOfCallGoesThroughOverTls() throws Exception {
    everyKindOfCall(true);
  }

  @Test
  void everyKindOfCallGoesThroughInPlainTextWithPriorKnowledge() throws Exception {
    everyKindOfCall(false);
  }

  @Test
  void anErrorStatusAndItsDetailsReachTheClientAndTheFlow() throws Exception {
    ProxyServer proxy = proxy();
    ManagedChannel channel = channel(proxy, server(true), true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, CallOptions.DEFAULT, text("42")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("no item 42");
        });
    waitForFlows(1);
    Flow flow = flows.get(0);
    assertThat(flow.response().statusCode()).isEqualTo(200);
    // an error before any message is a trailers-only answer: its status is in its one header block
    assertThat(flow.response().headers().get("grpc-status")).isEqualTo("5");
    assertThat(flow.response().headers().get("grpc-message")).isEqualTo("no item 42");
  }

  @Test
  void aDeadlineEndsTheCallThroughTheProxyAndTheFlowRecordsTheCancellation() throws Exception {
    BlockingQueue<Flow> failed = new LinkedBlockingQueue<>();
    ProxyServer proxy = proxy(FlowHook.onError(flow -> failed.add(flow.snapshot())));
    ManagedChannel channel = channel(proxy, server(true), true);
    // the connection is up before the deadline starts counting, so the call reaches the server in time
    ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("warm-up"));
    headersSeen.clear();

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, HANG,
        CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS), text("wait")))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(headersSeen.poll(5, TimeUnit.SECONDS).get(Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER)))
        .isNotNull();
    Flow cancelled = failed.poll(5, TimeUnit.SECONDS);
    assertThat(cancelled).isNotNull();
    assertThat(cancelled.request().path()).isEqualTo("/sluice.test.Echo/Hang");
    // the client and the server both enforce the deadline: whichever cancels first is the flow's error
    assertThat(cancelled.error().kind()).isIn(FlowError.Kind.CLIENT_ABORTED, FlowError.Kind.UPSTREAM_RESET);
  }

  @Test
  void messagesOfSeveralMibAndManyConcurrentCallsShareOneConnection() throws Exception {
    ProxyServer proxy = proxy();
    ManagedChannel channel = channel(proxy, server(true), true);
    byte[] big = new byte[6 << 20];
    Arrays.fill(big, (byte) 'x');

    assertThat(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, big)).isEqualTo(big);

    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      CompletableFuture<String> call = new CompletableFuture<>();
      ClientCalls.asyncUnaryCall(channel.newCall(UNARY, CallOptions.DEFAULT), text("call " + i), observer(call));
      calls.add(call);
    }
    for (int i = 0; i < 50; i++) {
      assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("call " + i);
    }
    waitForFlows(51);
    assertThat(flows).extracting(flow -> flow.client().peer()).containsOnly(flows.get(0).client().peer());
  }

  @Test
  void aHookChangesTheCallsMetadata() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onRequestHeaders(flow -> flow.request().headers().set("x-added-by-hook", "yes")));
    ManagedChannel channel = channel(proxy, server(false), false);

    ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("meta"));

    Metadata seen = headersSeen.poll(5, TimeUnit.SECONDS);
    assertThat(seen.get(Metadata.Key.of("x-added-by-hook", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("yes");
  }
}
