package dev.sluice.core.testing;

import dev.sluice.tls.CertificateAuthority;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real websocket echo origin on 127.0.0.1 and a free port, for tests, over ws or (with a CA)
 * wss. It echoes every data frame as it came (fragments stay fragments), answers pings with pongs
 * of the same payload, answers a close with the same code and reason, and on the text message
 * {@code close-me} closes itself with 4002 "origin closes". It offers {@code permessage-deflate}
 * when asked, and records each handshake's request fields and each close it received. A request
 * that is no upgrade gets a 200 with body {@code plain}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final WebSocketOrigin origin = WebSocketOrigin.extension();
 *
 * @Test void echoes() {
 *   WebSocket ws = client.newWebSocketBuilder().buildAsync(origin.uri("/echo"), listener).join();
 * }
 * }</pre>
 */
public final class WebSocketOrigin implements AutoCloseable, BeforeAllCallback, BeforeEachCallback,
    AfterAllCallback {

  /** The text message after which the origin closes with {@link #ORIGIN_CLOSE_CODE}. */
  public static final String CLOSE_ME = "close-me";
  /** The code of the close the origin starts itself. */
  public static final int ORIGIN_CLOSE_CODE = 4002;

  /**
   * A close frame the origin received.
   *
   * @param code its status code (-1 when it had none)
   * @param reason its reason
   */
  public record Close(int code, String reason) {}

  private final SSLContext tls;
  private final BlockingQueue<Map<String, String>> handshakes = new LinkedBlockingQueue<>();
  private final BlockingQueue<Close> closes = new LinkedBlockingQueue<>();
  private EventLoopGroup group;
  private Channel server;

  private WebSocketOrigin(SSLContext tls) {
    this.tls = tls;
  }

  /** A plain ws origin. */
  public static WebSocketOrigin extension() {
    return new WebSocketOrigin(null);
  }

  /** A wss origin with a certificate from {@code ca} for {@code localhost} and 127.0.0.1. */
  public static WebSocketOrigin extension(CertificateAuthority ca) {
    return new WebSocketOrigin(ca.serverSslContext("localhost", "127.0.0.1"));
  }

  /** Starts it (the extension does this before all tests). */
  public WebSocketOrigin start() throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              SSLEngine engine = tls.createSSLEngine();
              engine.setUseClientMode(false);
              ch.pipeline().addLast(new SslHandler(engine));
            }
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Plain(),
                new WebSocketServerCompressionHandler(0),
                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/").checkStartsWith(true).allowExtensions(true)
                    .maxFramePayloadLength(64 << 20).handleCloseFrames(false).build()),
                new Echo());
          }
        })
        .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    return this;
  }

  /** The port. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** {@code ws://127.0.0.1:port/path}, or {@code wss://localhost:port/path} with TLS. */
  public URI uri(String path) {
    return URI.create(tls == null ? "ws://127.0.0.1:" + port() + path : "wss://localhost:" + port() + path);
  }

  /** The request fields of the next handshake (names in lower case), waiting up to 10 s. */
  public Map<String, String> takeHandshake() throws InterruptedException {
    return handshakes.poll(10, TimeUnit.SECONDS);
  }

  /** The next close frame the origin received, waiting up to 10 s; null if none came. */
  public Close takeClose() throws InterruptedException {
    return closes.poll(10, TimeUnit.SECONDS);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws InterruptedException {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    handshakes.clear();
    closes.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
    private boolean closeSent;

    Echo() {
      super(false);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
        handshakes.add(fields(complete.requestHeaders()));
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof CloseWebSocketFrame close) {
        closes.add(new Close(close.statusCode(), close.reasonText()));
        if (closeSent) {
          close.release();
          ctx.close();
        } else {
          closeSent = true;
          ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        }
      } else if (frame instanceof TextWebSocketFrame text && frame.isFinalFragment() && text.text().equals(CLOSE_ME)) {
        frame.release();
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(ORIGIN_CLOSE_CODE, "origin closes"));
      } else {
        ctx.writeAndFlush(frame);
      }
    }

    private static Map<String, String> fields(HttpHeaders headers) {
      Map<String, String> out = new TreeMap<>();
      headers.forEach(field -> out.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue()));
      return out;
    }
  }

  /** Answers requests that are no upgrade; passes the rest on. */
  private static final class Plain extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof FullHttpRequest request) || request.headers().contains(HttpHeaderNames.UPGRADE)) {
        ctx.fireChannelRead(msg);
        return;
      }
      request.release();
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.copiedBuffer("plain", StandardCharsets.US_ASCII));
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 5);
      ctx.writeAndFlush(response);
    }
  }
}
