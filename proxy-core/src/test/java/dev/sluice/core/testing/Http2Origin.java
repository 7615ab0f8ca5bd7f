package dev.sluice.core.testing;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.CertificateAuthority;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real origin that speaks HTTP/2 only (TLS with ALPN {@code h2} and nothing else), on
 * 127.0.0.1: it answers each request with {@code h2 METHOD PATH BODY}, an {@code x-seen-version}
 * header, and a {@code x-checksum} trailer.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Http2Origin origin = Http2Origin.extension(originCa);
 * }</pre>
 */
public final class Http2Origin implements BeforeAllCallback, AfterAllCallback {

  /** One request as the origin saw it, and the client end of the connection it came on. */
  public record Seen(String method, String path, Http2Headers headers, String body, java.net.SocketAddress peer) {}

  private final CertificateAuthority ca;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private EventLoopGroup group;
  private Channel server;

  private Http2Origin(CertificateAuthority ca) {
    this.ca = ca;
  }

  /** An origin whose certificate {@code ca} signs (for localhost and 127.0.0.1), for a static {@code @RegisterExtension} field. */
  public static Http2Origin extension(CertificateAuthority ca) {
    return new Http2Origin(ca);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    IssuedCertificate leaf = ca.issue(CertificateRequest.forNames("localhost", "127.0.0.1"));
    SslContext tls = SslContextBuilder.forServer(leaf.privateKey(), leaf.chain())
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2"))
        .build();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc()), Http2FrameCodecBuilder.forServer().build(),
                new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel stream) {
                    stream.pipeline().addLast(new Answer());
                  }
                }));
          }
        })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** The origin's port. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** {@code https://localhost:port} followed by {@code path}. */
  public URI uri(String path) {
    return URI.create("https://localhost:" + port() + path);
  }

  /** The next request the origin saw, waiting up to 5 seconds. */
  public Seen take() throws InterruptedException {
    Seen next = seen.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("the HTTP/2 origin saw no request within 5 s");
    }
    return next;
  }

  /** Gathers one stream's request, then answers it. */
  private final class Answer extends SimpleChannelInboundHandler<Http2StreamFrame> {
    private Http2Headers request;
    private final StringBuilder body = new StringBuilder();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
      boolean end = false;
      if (frame instanceof Http2HeadersFrame headers) {
        if (request == null) {
          request = headers.headers();
        }
        end = headers.isEndStream();
      } else if (frame instanceof Http2DataFrame data) {
        body.append(data.content().toString(StandardCharsets.UTF_8));
        end = data.isEndStream();
      }
      if (end) {
        String method = request.method().toString();
        String path = request.path().toString();
        seen.add(new Seen(method, path, request, body.toString(), ctx.channel().parent().remoteAddress()));
        ByteBuf answer = Unpooled.copiedBuffer("h2 " + method + " " + path + " " + body, StandardCharsets.UTF_8);
        ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
            .set("content-type", "text/plain").set("x-seen-version", "2")));
        ctx.write(new DefaultHttp2DataFrame(answer, false));
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().set("x-checksum", "abc"), true));
      }
    }
  }
}
