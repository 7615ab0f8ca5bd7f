package dev.sluice.core.testing;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.core.ProxyServer;
import dev.sluice.tls.CertificateAuthority;
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
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.X509TrustManager;

/**
 * A grpc-java echo service ({@code sluice.test.Echo}, messages as raw bytes, no protobuf) on
 * loopback, and grpc-java channels to it through a proxy by {@code CONNECT}: what gRPC tests share.
 * Closing it shuts down every server and channel it made.
 */
public final class GrpcEcho implements AutoCloseable {

  public static final String SERVICE = "sluice.test.Echo";
  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
  /** Answers with the request. */
  public static final MethodDescriptor<byte[], byte[]> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
  /** Answers "n1" to "nN" for a request "N". */
  public static final MethodDescriptor<byte[], byte[]> SERVER_STREAMING =
      method(MethodDescriptor.MethodType.SERVER_STREAMING, "Count");
  /** Answers the requests joined. */
  public static final MethodDescriptor<byte[], byte[]> CLIENT_STREAMING =
      method(MethodDescriptor.MethodType.CLIENT_STREAMING, "Join");
  /** Answers each request with "re:" and the request. */
  public static final MethodDescriptor<byte[], byte[]> BIDI = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Chat");
  /** Fails with NOT_FOUND "no item " and the request. */
  public static final MethodDescriptor<byte[], byte[]> FAIL = method(MethodDescriptor.MethodType.UNARY, "Fail");
  /** Never answers. */
  public static final MethodDescriptor<byte[], byte[]> HANG = method(MethodDescriptor.MethodType.UNARY, "Hang");

  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("gRPC origin CA").build();

  /** The metadata of each call the server got, in order. */
  public final BlockingQueue<Metadata> headersSeen = new LinkedBlockingQueue<>();
  /** The messages the server got, in order. */
  public final List<String> received = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  private static MethodDescriptor<byte[], byte[]> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
  }

  public static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** What the proxy must trust to reach the server over TLS. */
  public static X509TrustManager originTrust() {
    return originCa.trustManager();
  }

  private ServerServiceDefinition echo() {
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, reply) -> {
          received.add(text(request));
          reply.onNext(request);
          reply.onCompleted();
        }))
        .addMethod(SERVER_STREAMING, ServerCalls.asyncServerStreamingCall((request, reply) -> {
          received.add(text(request));
          for (int i = 1; i <= Integer.parseInt(text(request)); i++) {
            reply.onNext(text("n" + i));
          }
          reply.onCompleted();
        }))
        .addMethod(CLIENT_STREAMING, ServerCalls.asyncClientStreamingCall((StreamObserver<byte[]> reply) -> new StreamObserver<byte[]>() {
          private final StringBuilder joined = new StringBuilder();

          @Override public void onNext(byte[] part) {
            received.add(text(part));
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
            received.add(text(message));
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

  /** A started echo server on 127.0.0.1, over TLS (a leaf of {@link #originTrust()}'s CA) or plain text. */
  public Server server(boolean tls) throws IOException {
    return server(tls, UnaryOperator.identity());
  }

  /** A started echo server, {@code configure} applied to its builder last. */
  public Server server(boolean tls, UnaryOperator<NettyServerBuilder> configure) throws IOException {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(echo()).maxInboundMessageSize(16 << 20);
    if (tls) {
      IssuedCertificate leaf = originCa.issue(CertificateRequest.forNames("localhost", "127.0.0.1"));
      builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(leaf.privateKey(),
          leaf.chain().toArray(X509Certificate[]::new))).build());
    }
    Server server = configure.apply(builder).build().start();
    closing.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return server;
  }

  /** A channel to {@code port} on localhost through {@code proxy} ({@code CONNECT}), over TLS or in plain text. */
  public ManagedChannel channel(ProxyServer proxy, int port, boolean tls) throws Exception {
    return channel(proxy, port, tls, UnaryOperator.identity());
  }

  /** A channel as {@link #channel(ProxyServer, int, boolean)}, {@code configure} applied to its builder last. */
  public ManagedChannel channel(ProxyServer proxy, int port, boolean tls, UnaryOperator<NettyChannelBuilder> configure)
      throws Exception {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress("localhost", port)
        .proxyDetector(target -> HttpConnectProxiedSocketAddress.newBuilder()
            .setTargetAddress((InetSocketAddress) target).setProxyAddress(proxy.address()).build())
        .maxInboundMessageSize(16 << 20);
    if (tls) {
      builder.sslContext(GrpcSslContexts.forClient().trustManager(proxy.certificateAuthority().certificate()).build());
    } else {
      builder.usePlaintext();
    }
    ManagedChannel channel = configure.apply(builder).build();
    closing.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  @Override
  public void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }
}
