package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.ProxyMode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream of an HTTP/2 client connection, as the client side of its one {@link Exchange}: the
 * request comes in and the response goes out as HTTP/1-style messages through Netty's stream
 * codec. Flow control is the back-pressure: the stream reads request data only as the exchange
 * takes it, and Netty returns the window as it is read.
 */
final class Http2Stream extends ChannelInboundHandlerAdapter implements ClientStream {

  private static final Logger log = LoggerFactory.getLogger(Http2Stream.class);
  private static final FlowAccess FLOWS = FlowAccess.get();
  private static final String VERSION = "HTTP/2.0";

  private final Http2Connection connection;
  private Channel channel;
  private Exchange exchange;
  private boolean gone;
  private boolean ended;

  Http2Stream(Http2Connection connection) {
    this.connection = connection;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    connection.streamOpened();
    channel.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null && !ended) {
      start(msg);
    } else if (exchange != null && exchange.takesClientMessages()) {
      exchange.clientMessage(msg);
      exchange.pump();
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.clientWritabilityChanged();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    gone = true;
    connection.streamClosed();
    if (exchange == null || !exchange.isPaused()) {
      clientLeft();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/2 stream {} failed", ctx.channel(), cause);
    if (!(cause instanceof Http2Exception)) {
      ctx.close();
    }
    // a protocol error of the stream (a body that does not match its content-length...): the codec
    // resets it with its code
  }

  private void start(Object msg) {
    if (!(msg instanceof io.netty.handler.codec.http.HttpRequest received)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      io.netty.handler.codec.http.HttpRequest head = new DefaultHttpRequest(received.protocolVersion(),
          received.method(), received.uri(), received.headers().copy());
      if (head.method().equals(HttpMethod.CONNECT)) {
        refuse(HttpResponseStatus.NOT_IMPLEMENTED, "CONNECT over HTTP/2 is not supported; open the tunnel over HTTP/1.1");
        return;
      }
      String scheme = head.headers().get(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "https");
      stripCodecHeaders(head);
      HttpRequest request;
      try {
        request = Messages.request(head, target(head, scheme));
      } catch (IllegalArgumentException e) {
        refuse(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        return;
      }
      request.setHttpVersion(VERSION);
      HttpFlow flow = FLOWS.newFlow(connection.client(), request);
      exchange = new Exchange(this, flow, true, false);
      connection.replay().started(flow);
      if (received instanceof FullHttpRequest full) {
        exchange.clientMessage(new DefaultLastHttpContent(full.content().retain(), full.trailingHeaders().copy()));
      }
      exchange.request.begin(head);
      exchange.pump();
    } finally {
      ReferenceCountUtil.release(received);
    }
  }

  /**
   * Where a stream's request goes: into the {@code CONNECT} tunnel it came through, to the reverse
   * proxy's server, or (regular and upstream mode) to its {@code :scheme} and {@code :authority}.
   */
  private RequestTarget target(io.netty.handler.codec.http.HttpRequest head, String scheme) {
    ProxyConfig config = connection.context().config();
    RequestTarget tunnel = connection.tunnelTarget();
    if (tunnel != null) {
      return new RequestTarget(tunnel.scheme(), tunnel.host(), tunnel.port(), "", head.uri());
    }
    if (config.mode().kind() == ProxyMode.Kind.REVERSE) {
      return RequestTarget.forMode(config.mode(), head.uri(), false);
    }
    List<String> authorities = head.headers().getAll(HttpHeaderNames.HOST);
    if (authorities.size() != 1) {
      throw new IllegalArgumentException("HTTP/2 request without one :authority: destination unknown");
    }
    return RequestTarget.forMode(config.mode(), scheme + "://" + authorities.get(0) + head.uri(), false);
  }

  /** Drops what Netty's stream codec adds to a request head: the stream id, the scheme, and chunking of an unknown length. */
  private static void stripCodecHeaders(io.netty.handler.codec.http.HttpRequest head) {
    for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
      head.headers().remove(name.text());
    }
    head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
  }

  /** Answers a request that never became a flow with {@code status} and {@code reason}, and ends the stream. */
  private void refuse(HttpResponseStatus status, String reason) {
    ended = true;
    Messages.writeAll(channel, Messages.wholeResponse(Messages.errorResponse(status.code(), reason), false, true,
        VERSION)).addListener(f -> channel.close());
  }

  // ---- the exchange's client side -------------------------------------------------------------

  @Override
  public SessionContext context() {
    return connection.context();
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public ClientConnection client() {
    return connection.client();
  }

  @Override
  public UpstreamPool upstreams() {
    return connection.upstreams();
  }

  @Override
  public RequestTarget tunnelTarget() {
    return connection.tunnelTarget();
  }

  @Override
  public boolean isGone() {
    return gone;
  }

  @Override
  public void clientLeft() {
    if (ended) {
      return;
    }
    ended = true;
    if (exchange != null) {
      exchange.abandon(() -> { });
    }
  }

  @Override
  public void readsChanged() {
    if (ended || exchange == null) {
      return;
    }
    if (exchange.wantsClientBytes() && exchange.takesClientMessages()) {
      channel.read();
    }
    exchange.readUpstream();
  }

  @Override
  public void exchangeFinished(Exchange finished, boolean keepAlive) {
    ended = true;
    if (finished.takesClientMessages()) {
      // answered before the client finished sending: the rest of its request is not wanted
      channel.close();
    }
  }

  @Override
  public void closing() {
    // a stream carries one exchange: it ends with it
  }

  @Override
  public void closeNow() {
    ended = true;
    channel.close();
  }

  @Override
  public void tunnel(Exchange tunnelling, UpstreamConnection upstream) {
    throw new IllegalStateException("CONNECT is refused on HTTP/2 streams before it becomes an exchange");
  }

  @Override
  public void handOver(Exchange upgrading) {
    throw new IllegalStateException("HTTP/2 requests carry no HTTP/1.1 upgrade");
  }
}
