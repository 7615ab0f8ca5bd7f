package dev.sluice.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.FlowHook;
import dev.sluice.api.GrpcMessage;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import io.grpc.CallOptions;
import io.grpc.HttpConnectProxiedSocketAddress;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GrpcMessageHookTest {

  // gRPC without generated code: each message is its bytes (generated classes bring their own marshaller)
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
  static final MethodDescriptor<byte[], byte[]> GREET = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("demo.Greeter/Greet")
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .proxy(proxy -> proxy.hook(FlowHook.onGrpcMessage(flow -> {
        GrpcMessage message = flow.grpc().lastMessage();
        if (message.fromClient()) {
          message.setContent("proxy".getBytes(StandardCharsets.UTF_8));   // MyRequest.parseFrom(message.content())...
        }
      })))
      .build();

  @Test
  void aHookChangesTheRequestMessageOnItsWay(TestProxy proxy) throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder("demo.Greeter")
            .addMethod(GREET, ServerCalls.asyncUnaryCall((name, reply) -> {
              reply.onNext(("hello " + new String(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
              reply.onCompleted();
            }))
            .build())
        .build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .proxyDetector(target -> HttpConnectProxiedSocketAddress.newBuilder()
            .setTargetAddress((InetSocketAddress) target).setProxyAddress(proxy.server().address()).build())
        .build();
    try {
      byte[] reply = ClientCalls.blockingUnaryCall(channel, GREET, CallOptions.DEFAULT,
          "world".getBytes(StandardCharsets.UTF_8));

      assertEquals("hello proxy", new String(reply, StandardCharsets.UTF_8));
      assertEquals("/demo.Greeter/Greet", proxy.takeFlow().request().path());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
