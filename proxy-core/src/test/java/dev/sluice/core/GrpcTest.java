package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.CertificateAuthority;
import io.grpc.CallOptions;
import io.grpc.HttpConnectProxiedSocketAddress;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
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

  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("gRPC origin CA").build();
  private static final String SERVICE = "sluice.test.Echo";
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  private static final MethodDescriptor<byte[], byte[]> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
  private static final MethodDescriptor<byte[], byte[]> SERVER_STREAMING =
      method(MethodDescriptor.MethodType.SERVER_STREAMING, "Count");
  private static final MethodDescriptor<byte[], byte[]> CLIENT_STREAMING =
      method(MethodDescriptor.MethodType.CLIENT_STREAMING, "Join");
  private static final MethodDescriptor<byte[], byte[]> BIDI = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Chat");
  private static final MethodDescriptor<byte[], byte[]> FAIL = method(MethodDescriptor.MethodType.UNARY, "Fail");
  private static final MethodDescriptor<byte[], byte[]> HANG = method(MethodDescriptor.MethodType.UNARY, "Hang");

  private final List<Flow> flows = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Metadata> headersSeen = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  private static MethodDescriptor<byte[], byte[]> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }

  private ServerServiceDefinition echo() {
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, reply) -> {
          reply.onNext(request);
          reply.onCompleted();
        }))
        .addMethod(SERVER_STREAMING, ServerCalls.asyncServerStreamingCall((request, reply) -> {
          for (int i = 1; i <= Integer.parseInt(text(request)); i++) {
            reply.onNext(text("n" + i));
          }
          reply.onCompleted();
        }))
        .addMethod(CLIENT_STREAMING, ServerCalls.asyncClientStreamingCall((StreamObserver<byte[]> reply) -> new StreamObserver<byte[]>() {
          private final StringBuilder joined = new StringBuilder();

          @Override public void onNext(byte[] part) {
            joined.append(text(part));
          }

          @Override public void onError(Throwable t) {
          }

          @Override public void onCompleted() {
            reply.onNext(text(joined.toString()));
            reply.onCompleted();
          }
        }))
        .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall((StreamObserver<byte[]> reply) -> new StreamObserver<byte[]>() {
          @Override public void onNext(byte[] message) {
            reply.onNext(text("re:" + text(message)));
          }

          @Override public void onError(Throwable t) {
          }

          @Override public void onCompleted() {
            reply.onCompleted();
          }
        }))
        .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, reply) ->
            reply.onError(Status.NOT_FOUND.withDescription("no item " + text(request)).asRuntimeException())))
        .addMethod(HANG, ServerCalls.asyncUnaryCall((request, reply) -> { }))
        .build();
    return ServerInterceptors.intercept(service, new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        headersSeen.add(headers);
        return next.startCall(call, headers);
      }
    });
  }

  private Server server(boolean tls) throws IOException {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(echo()).maxInboundMessageSize(16 << 20);
    if (tls) {
      IssuedCertificate leaf = originCa.issue(CertificateRequest.forNames("localhost", "127.0.0.1"));
      builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(leaf.privateKey(),
          leaf.chain().toArray(X509Certificate[]::new))).build());
    }
    Server server = builder.build().start();
    closing.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return server;
  }

  private ProxyServer proxy(FlowHook... hooks) {
    ProxyServer.Builder builder = ProxyServer.builder().upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onResponse(flow -> flows.add(flow.snapshot())));
    for (FlowHook hook : hooks) {
      builder.hook(hook);
    }
    ProxyServer proxy = builder.start();
    closing.add(proxy);
    return proxy;
  }

  private ManagedChannel channel(ProxyServer proxy, Server server, boolean tls) throws Exception {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress("localhost", server.getPort())
        .proxyDetector(target -> HttpConnectProxiedSocketAddress.newBuilder()
            .setTargetAddress((InetSocketAddress) target).setProxyAddress(proxy.address()).build())
        .maxInboundMessageSize(16 << 20);
    if (tls) {
      builder.sslContext(GrpcSslContexts.forClient().trustManager(proxy.certificateAuthority().certificate()).build());
    } else {
      builder.usePlaintext();
    }
    ManagedChannel channel = builder.build();
    closing.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
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
