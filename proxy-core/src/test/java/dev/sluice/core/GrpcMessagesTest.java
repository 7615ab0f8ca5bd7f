package dev.sluice.core;

import static dev.sluice.core.testing.GrpcEcho.BIDI;
import static dev.sluice.core.testing.GrpcEcho.CLIENT_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.SERVER_STREAMING;
import static dev.sluice.core.testing.GrpcEcho.UNARY;
import static dev.sluice.core.testing.GrpcEcho.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcMessage;
import dev.sluice.api.GrpcStatus;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.GrpcEcho;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawGrpcOrigin;
import io.grpc.CallOptions;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The messages of gRPC calls as hook events, with grpc-java's client and server through the proxy:
 * hooks see each message of every kind of call, change, drop and inject messages, end calls and
 * answer them without the server; bad frames end the call with the status that says why.
 */
class GrpcMessagesTest {

  private final GrpcEcho grpc = new GrpcEcho();
  private final BlockingQueue<Flow> flows = new LinkedBlockingQueue<>();
  private final BlockingQueue<Flow> failed = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> closing = new ArrayList<>(List.of(grpc));

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private ProxyServer proxy(FlowHook hook) {
    return proxy(hook, UnaryOperator.identity());
  }

  private ProxyServer proxy(FlowHook hook, UnaryOperator<ProxyServer.Builder> configure) {
    ProxyServer proxy = configure.apply(ProxyServer.builder().upstreamTrust(GrpcEcho.originTrust()).hook(hook)
        .hook(FlowHook.onResponse(flow -> flows.add(flow.snapshot())))
        .hook(FlowHook.onError(flow -> failed.add(flow.snapshot())))).start();
    closing.add(proxy);
    return proxy;
  }

  private ManagedChannel channel(ProxyServer proxy, boolean tls) throws Exception {
    Server server = grpc.server(tls);
    return grpc.channel(proxy, server.getPort(), tls);
  }

  private static GrpcMessage current(HttpFlow flow) {
    return flow.grpc().lastMessage();
  }

  private static String upperCase(GrpcMessage message) {
    return text(message.content()).toUpperCase(Locale.ROOT);
  }

  @Test
  void aHookRewritesTheBytesOfARequestMessageAndTheFlowKeepsTheMessagesAsFramedBodies() throws Exception {
    List<String> seen = new ArrayList<>();
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> {
      GrpcMessage message = current(flow);
      seen.add(flow.grpc().service() + "/" + flow.grpc().method() + " " + (message.fromClient() ? ">" : "<") + " "
          + text(message.content()));
      if (message.fromClient()) {
        message.setContent(text(upperCase(message)));
      }
    }));
    ManagedChannel channel = channel(proxy, false);

    byte[] answer = ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("hello"));

    assertThat(text(answer)).isEqualTo("HELLO");
    assertThat(grpc.received).containsExactly("HELLO");
    assertThat(seen).containsExactly("sluice.test.Echo/Unary > hello", "sluice.test.Echo/Unary < HELLO");
    Flow flow = flows.poll(5, TimeUnit.SECONDS);
    assertThat(flow.request().rawContent()).isEqualTo(new byte[] {0, 0, 0, 0, 5, 'H', 'E', 'L', 'L', 'O'});
    assertThat(flow.response().rawContent()).isEqualTo(new byte[] {0, 0, 0, 0, 5, 'H', 'E', 'L', 'L', 'O'});
    assertThat(flow.response().trailers().get("grpc-status")).isEqualTo("0");
  }

  @Test
  void aHookDropsEverySecondServerMessageOfAServerStreamingCall() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> {
      GrpcCall call = flow.grpc();
      long fromServer = call.messages().stream().filter(m -> !m.fromClient()).count();
      if (!current(flow).fromClient() && fromServer % 2 == 0) {
        current(flow).drop();
      }
    }));
    ManagedChannel channel = channel(proxy, true);

    List<String> replies = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAMING, CallOptions.DEFAULT, text("6"))
        .forEachRemaining(reply -> replies.add(text(reply)));

    assertThat(replies).containsExactly("n1", "n3", "n5");
  }

  @Test
  void aBlockingHookChangesEachMessageOffTheEventLoopAndTheyStayInOrder() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    ProxyServer proxy = proxy(FlowHook.blocking(FlowHook.onGrpcMessage(flow -> {
      threads.add(Thread.currentThread().getName());
      if (!current(flow).fromClient()) {
        current(flow).setContent(text(upperCase(current(flow))));
      }
    })));
    ManagedChannel channel = channel(proxy, true);

    List<String> replies = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAMING, CallOptions.DEFAULT, text("5"))
        .forEachRemaining(reply -> replies.add(text(reply)));

    assertThat(replies).containsExactly("N1", "N2", "N3", "N4", "N5");
    assertThat(threads).hasSize(6).noneMatch(name -> name.startsWith("sluice-io"));
  }

  @Test
  void aHookInjectsMessagesIntoABidiCallWhoseClientWaitsForEachReplyAndIntoAClientStream() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> {
      GrpcMessage message = current(flow);
      if (message.fromClient() && flow.grpc().method().equals("Chat")) {
        flow.grpc().inject(GrpcMessage.inject(false, text("injected for " + text(message.content()))));
      }
      if (message.fromClient() && flow.grpc().method().equals("Join")) {
        flow.grpc().inject(GrpcMessage.inject(true, text("+")));
      }
    }));
    ManagedChannel channel = channel(proxy, true);

    BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    CompletableFuture<String> chatEnded = new CompletableFuture<>();
    StreamObserver<byte[]> chat = ClientCalls.asyncBidiStreamingCall(channel.newCall(BIDI, CallOptions.DEFAULT),
        collecting(answers, chatEnded));
    for (String word : List.of("one", "two", "three")) {
      chat.onNext(text(word));
      assertThat(List.of(answers.poll(10, TimeUnit.SECONDS), answers.poll(10, TimeUnit.SECONDS)))
          .containsExactly("injected for " + word, "re:" + word);
    }
    chat.onCompleted();
    assertThat(chatEnded.get(10, TimeUnit.SECONDS)).isEqualTo("done");

    BlockingQueue<String> joined = new LinkedBlockingQueue<>();
    StreamObserver<byte[]> parts = ClientCalls.asyncClientStreamingCall(channel.newCall(CLIENT_STREAMING,
        CallOptions.DEFAULT), collecting(joined, new CompletableFuture<>()));
    parts.onNext(text("a"));
    parts.onNext(text("b"));
    parts.onCompleted();
    assertThat(joined.poll(10, TimeUnit.SECONDS)).isEqualTo("a+b+");
  }

  @Test
  void aHookAnswersCallsWithoutTheServerWithMessagesOrAnErrorStatus() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onRequest(flow -> {
      if (flow.grpc().method().equals("Count")) {
        flow.respond(GrpcCall.response(GrpcStatus.OK, "", List.of(text("mocked 1"), text("mocked 2"))));
      } else {
        flow.respond(GrpcCall.response(GrpcStatus.NOT_FOUND, "no such thing: 100% mocked", List.of()));
      }
    }));
    ManagedChannel channel = channel(proxy, true);

    List<String> replies = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAMING, CallOptions.DEFAULT, text("3"))
        .forEachRemaining(reply -> replies.add(text(reply)));
    assertThat(replies).containsExactly("mocked 1", "mocked 2");

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("x")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("no such thing: 100% mocked");
        });
    assertThat(grpc.received).isEmpty();
  }

  @Test
  void aHookEndsABidiCallWithItsOwnStatusAndTheServerGetsNothingMore() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> {
      if (text(current(flow).content()).equals("stop")) {
        flow.grpc().end(GrpcStatus.PERMISSION_DENIED, "the proxy says stop");
      }
    }));
    ManagedChannel channel = channel(proxy, true);

    BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    CompletableFuture<String> chatEnded = new CompletableFuture<>();
    StreamObserver<byte[]> chat = ClientCalls.asyncBidiStreamingCall(channel.newCall(BIDI, CallOptions.DEFAULT),
        collecting(answers, chatEnded));
    chat.onNext(text("go"));
    assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("re:go");
    chat.onNext(text("stop"));

    assertThatThrownBy(() -> chatEnded.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StatusRuntimeException.class)
        .cause().satisfies(e -> {
          Status status = ((StatusRuntimeException) e).getStatus();
          assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(status.getDescription()).isEqualTo("the proxy says stop");
        });
    assertThat(grpc.received).containsExactly("go");
  }

  @Test
  void aHookEndsAUnaryCallBeforeTheServerAnswersWithATrailersOnlyAnswerThatTheResponseEventSees() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> flow.grpc().end(GrpcStatus.UNAUTHENTICATED, "no token")));
    ManagedChannel channel = channel(proxy, false);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("secret")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).isEqualTo("no token");
        });
    Flow flow = flows.poll(5, TimeUnit.SECONDS);
    assertThat(flow.response().headers().get("grpc-status")).isEqualTo("16");
    assertThat(grpc.received).isEmpty();
  }

  @Test
  void aHookThatThrowsEndsItsBidiCallWithInternalNamingTheHookAndTheNextCallGoesOn() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> {
      if (text(current(flow).content()).equals("boom")) {
        throw new IllegalStateException("no booms");
      }
    }));
    ManagedChannel channel = channel(proxy, true);

    BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    CompletableFuture<String> chatEnded = new CompletableFuture<>();
    StreamObserver<byte[]> chat = ClientCalls.asyncBidiStreamingCall(channel.newCall(BIDI, CallOptions.DEFAULT),
        collecting(answers, chatEnded));
    chat.onNext(text("boom"));

    assertThatThrownBy(() -> chatEnded.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getStatus().getDescription()).startsWith("proxy hook onGrpcMessage(")
              .endsWith("failed in grpcMessage: java.lang.IllegalStateException: no booms");
        });
    assertThat(failed.poll(5, TimeUnit.SECONDS).error().kind()).isEqualTo(FlowError.Kind.HOOK_FAILED);
    assertThat(text(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("fine")))).isEqualTo("fine");
  }

  @Test
  void gzipMessagesAreDecompressedForHooksAndCompressedAgainWhenChanged() throws Exception {
    List<Boolean> compressed = new ArrayList<>();
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> {
      compressed.add(current(flow).compressed());
      if (current(flow).fromClient()) {
        current(flow).setContent(text(upperCase(current(flow))));
      }
    }));
    ManagedChannel channel = channel(proxy, true);

    byte[] answer = ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT.withCompression("gzip"),
        text("squeeze me"));

    assertThat(text(answer)).isEqualTo("SQUEEZE ME");
    assertThat(compressed).first().isEqualTo(true);
  }

  @Test
  void aMessageOverTheSizeLimitEndsItsCallWithResourceExhaustedAndOtherCallsGoOn() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> { }), builder -> builder.maxBodySize(1024));
    ManagedChannel channel = channel(proxy, true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, new byte[2000]))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription()).contains("a message of 2000 bytes, over the limit of 1024 bytes");
        });
    assertThat(failed.poll(5, TimeUnit.SECONDS).error().kind()).isEqualTo(FlowError.Kind.LIMIT_EXCEEDED);
    assertThat(grpc.received).isEmpty();

    assertThat(text(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("small")))).isEqualTo("small");
  }

  @Test
  void aMessageCompressedWithAnEncodingTheProxyDoesNotKnowIsUnimplemented() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> { }));
    Server server = grpc.server(true);
    CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
    registry.register(new Codec() {
      @Override public String getMessageEncoding() {
        return "sluice-test";
      }

      @Override public OutputStream compress(OutputStream os) {
        return os;
      }

      @Override public InputStream decompress(InputStream is) {
        return is;
      }
    });
    ManagedChannel channel = grpc.channel(proxy, server.getPort(), true, builder -> builder.compressorRegistry(registry));

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, UNARY,
        CallOptions.DEFAULT.withCompression("sluice-test"), text("packed")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
          assertThat(e.getStatus().getDescription()).contains("grpc-encoding \"sluice-test\"");
        });
    assertThat(failed.poll(5, TimeUnit.SECONDS).error().kind()).isEqualTo(FlowError.Kind.PROTOCOL_ERROR);
  }

  @Test
  void aFrameLengthPastTheEndOfTheBodyIsInternalAndNamesTheCause() throws Exception {
    ProxyServer proxy = proxy(FlowHook.onGrpcMessage(flow -> { }));
    Server server = grpc.server(true);
    byte[] truncated = {0, 0, 0, 0, 100, 'a', 'b', 'c'};

    HttpResponse<String> answer = JdkClients.http2Via(proxy).send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + server.getPort() + "/sluice.test.Echo/Unary"))
        .header("Content-Type", "application/grpc").header("TE", "trailers")
        .POST(HttpRequest.BodyPublishers.ofByteArray(truncated)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

    assertThat(answer.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
    assertThat(answer.headers().firstValue("grpc-status")).hasValue("13");
    assertThat(answer.headers().firstValue("grpc-message")).hasValueSatisfying(
        details -> assertThat(details).contains("the stream ended inside a message of 100 bytes, after 3 of them"));
    assertThat(failed.poll(5, TimeUnit.SECONDS).error().kind()).isEqualTo(FlowError.Kind.PROTOCOL_ERROR);
    assertThat(grpc.received).isEmpty();
  }

  /** The status a unary call gets through the proxy from a server that answers with {@code body}. */
  private Status fromBrokenServer(byte[] body) throws Exception {
    RawGrpcOrigin broken = new RawGrpcOrigin(body);
    closing.add(broken);
    ManagedChannel channel = grpc.channel(proxy(FlowHook.onGrpcMessage(flow -> { })), broken.port(), false);
    try {
      ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, text("hi"));
      throw new AssertionError("the call through the proxy succeeded");
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  @Test
  void aServerWhoseFrameRunsPastItsBodyGetsTheClientInternalAfterTheResponseHeadNamingTheUpstream() throws Exception {
    Status status = fromBrokenServer(new byte[] {0, 0, 0, 0, 100, 'a', 'b', 'c'});

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription())
        .isEqualTo("upstream localhost sent the stream ended inside a message of 100 bytes, after 3 of them"
            + " (a frame length past the body)");
    Flow failed = this.failed.poll(5, TimeUnit.SECONDS);
    assertThat(failed.error().kind()).isEqualTo(FlowError.Kind.PROTOCOL_ERROR);
    assertThat(failed.request().path()).isEqualTo("/sluice.test.Echo/Unary");
  }

  @Test
  void aCompressedServerMessageWithoutGrpcEncodingIsInternal() throws Exception {
    Status status = fromBrokenServer(new byte[] {1, 0, 0, 0, 2, 'x', 'y'});

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription())
        .isEqualTo("upstream localhost sent a compressed message, but the server named no grpc-encoding");
  }

  private static StreamObserver<byte[]> collecting(BlockingQueue<String> into, CompletableFuture<String> ended) {
    return new StreamObserver<>() {
      @Override public void onNext(byte[] value) {
        into.add(text(value));
      }

      @Override public void onError(Throwable t) {
        ended.completeExceptionally(t);
      }

      @Override public void onCompleted() {
        ended.complete("done");
      }
    };
  }
}
