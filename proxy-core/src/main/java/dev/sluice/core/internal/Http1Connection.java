package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowError;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.ProxyMode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 client connection: reads request heads and starts one {@link Exchange} per request,
 * one at a time (pipelined requests wait in order); owns what belongs to the connection: reading
 * and back-pressure, idleness, closing, the upstream connections kept for reuse, and the hand-over
 * to a tunnel or websocket. Everything runs on the connection's event loop.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements ClientStream {

  /** The name of this handler in the client pipeline. */
  static final String NAME = "session";

  private static final Logger log = LoggerFactory.getLogger(Http1Connection.class);
  private static final FlowAccess FLOWS = FlowAccess.get();

  private final SessionContext context;
  private final ProxyConfig config;
  private final UpstreamPool upstreams = new UpstreamPool();
  /** What the client sent beyond the current request: the next requests, in order. */
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
  private final Preamble preamble;
  private Channel channel;
  private ClientConnection client;
  private Exchange current;
  /** Connection events (connected, a tunnel's TLS) run hooks: nothing is read meanwhile. */
  private boolean paused;
  private boolean pumping;
  private boolean gone;
  private boolean ended;
  private boolean closing;
  private boolean tunnelled;
  private boolean sniffing;
  private RequestTarget tunnelTarget;
  /** Whether a request in absolute form came on this connection: later origin-form ones go by their Host. */
  private boolean carriedAbsoluteForm;
  private ReplayTicket replay = ReplayTicket.NONE;

  Http1Connection(SessionContext context) {
    this(context, null);
  }

  /** A connection whose client first speaks {@code preamble} (or nothing else, when null). */
  Http1Connection(SessionContext context, Preamble preamble) {
    this.context = context;
    this.config = context.config();
    this.preamble = preamble;
  }

  /**
   * What a client speaks on this connection before anything else (the SOCKS5 handshake), in the
   * handlers before this one: started once the connection hooks ran, it does its own reads and
   * ends by handing over a tunnel ({@link #sniffTunnel}) or giving up ({@link #tunnelAbandoned}).
   */
  interface Preamble {
    /** Starts reading the preamble of {@code connection}; called once, on the event loop. */
    void start(Http1Connection connection);
  }

  // ---- channel events -------------------------------------------------------------------------

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    replay = context.replays().claim(channel.remoteAddress());
    client = ClientConnection.of((InetSocketAddress) channel.remoteAddress(),
        (InetSocketAddress) channel.localAddress());
    paused = true;
    context.hooks().run(HookEvent.CLIENT_CONNECTED, client, channel.eventLoop(),
        preamble == null ? this::resume : this::startPreamble);
  }

  /** The connection hooks ran: the preamble goes first, unless the client left meanwhile. */
  private void startPreamble() {
    if (gone) {
      resume();
    } else {
      sniffing = true;
      preamble.start(this);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (ended || closing || tunnelled) {
      ReferenceCountUtil.release(msg);
      if (closing) {
        channel.read();
      }
      return;
    }
    Exchange exchange = current;
    if (exchange != null && exchange.takesClientMessages()) {
      exchange.clientMessage(msg);
      exchange.pump();
    } else {
      pipelined.add(msg);
      pump();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readsChanged();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange exchange = current;
    if (exchange != null) {
      exchange.clientWritabilityChanged();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    gone = true;
    if (!paused && (current == null || !current.isPaused())) {
      endSession();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      onIdle();
    }
    ReferenceCountUtil.release(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection {} failed", ctx.channel(), cause);
    ctx.close();
  }

  // ---- requests -------------------------------------------------------------------------------

  /** Starts the next request when there is none under way and one is waiting, then requests the reads needed. */
  private void pump() {
    if (pumping) {
      // an exchange that ended inside start(): the loop below takes the next request
      return;
    }
    pumping = true;
    try {
      while (!paused && !ended && !closing && !tunnelled && current == null && !pipelined.isEmpty()) {
        start(pipelined.poll());
      }
    } finally {
      pumping = false;
    }
    readsChanged();
  }

  private void start(Object msg) {
    if (!(msg instanceof io.netty.handler.codec.http.HttpRequest head)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (head.decoderResult().isFailure()) {
        rejectMalformed(head.decoderResult().cause());
      } else {
        begin(head);
      }
    } finally {
      ReferenceCountUtil.release(head);
    }
  }

  private void rejectMalformed(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      reject(431, "request header section exceeds the limit of " + config.maxHeaderSize() + " bytes");
    } else if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
      reject(414, "request line is too long");
    } else {
      reject(400, "malformed request: " + cause.getMessage());
    }
  }

  /** Answers a request that never became a flow, and closes the connection. */
  private void reject(int status, String message) {
    log.debug("client {}: {} {}", client.peer(), status, message);
    closing = true;
    releasePipelined();
    List<HttpObject> out = Messages.wholeResponse(Messages.errorResponse(status, message), false, false, "HTTP/1.1");
    closeAfter(Messages.writeAll(channel, out));
  }

  private void begin(io.netty.handler.codec.http.HttpRequest head) {
    boolean connect = head.method().equals(HttpMethod.CONNECT);
    HttpRequest request;
    try {
      request = Messages.request(head, target(head, connect));
    } catch (IllegalArgumentException e) {
      reject(400, e.getMessage());
      return;
    }
    if (!connect && RequestTarget.isAbsolute(head.uri())) {
      carriedAbsoluteForm = true;
    }
    HttpFlow flow = FLOWS.newFlow(client, request);
    Exchange exchange = new Exchange(this, flow, HttpUtil.isKeepAlive(head), connect);
    current = exchange;
    replay.started(flow);
    while (!pipelined.isEmpty() && exchange.takesClientMessages()) {
      exchange.clientMessage(pipelined.poll());
    }
    exchange.request.begin(head);
    exchange.pump();
  }

  /**
   * Where request {@code head} goes: an origin-form request into the tunnel, or (in regular and
   * upstream mode, once the connection has carried an absolute-form request) to the server its
   * {@code Host} header names; any other request by mode.
   */
  private RequestTarget target(io.netty.handler.codec.http.HttpRequest head, boolean connect) {
    String uri = head.uri();
    if (connect || RequestTarget.isAbsolute(uri)) {
      return RequestTarget.forMode(config.mode(), uri, connect);
    }
    if (tunnelTarget != null) {
      return new RequestTarget(tunnelTarget.scheme(), tunnelTarget.host(), tunnelTarget.port(), "", uri);
    }
    if (carriedAbsoluteForm && config.mode().kind() != ProxyMode.Kind.REVERSE) {
      return RequestTarget.fromHostHeader(head.headers().getAll(HttpHeaderNames.HOST), uri);
    }
    return RequestTarget.forMode(config.mode(), uri, false);
  }

  // ---- reads ----------------------------------------------------------------------------------

  @Override
  public void readsChanged() {
    if (ended || tunnelled || channel == null) {
      return;
    }
    if (closing) {
      channel.read();
      return;
    }
    if (paused) {
      return;
    }
    Exchange exchange = current;
    if (pipelined.isEmpty() && (exchange == null || exchange.wantsClientBytes())) {
      channel.read();
    }
    if (exchange != null) {
      exchange.readUpstream();
    }
  }

  // ---- the exchange's client side -------------------------------------------------------------

  @Override
  public SessionContext context() {
    return context;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public ClientConnection client() {
    return client;
  }

  @Override
  public UpstreamPool upstreams() {
    return upstreams;
  }

  @Override
  public RequestTarget tunnelTarget() {
    return tunnelTarget;
  }

  @Override
  public boolean isGone() {
    return gone || ended;
  }

  @Override
  public void clientLeft() {
    endSession();
  }

  @Override
  public void exchangeFinished(Exchange exchange, boolean keepAlive) {
    if (exchange != current) {
      return;
    }
    current = null;
    if (!keepAlive) {
      closeAfter(channel.newSucceededFuture());
      return;
    }
    pump();
  }

  @Override
  public void closing() {
    closing = true;
  }

  /** Half-closes after {@code lastWrite}, drains what the client still sends, then closes. */
  private void closeAfter(ChannelFuture lastWrite) {
    closing = true;
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    if (tls != null) {
      lastWrite.addListener(f -> Linger.closeAfter(channel, channel.isActive() ? tls.closeOutbound() : lastWrite));
    } else {
      Linger.closeAfter(channel, lastWrite);
    }
  }

  @Override
  public void closeNow() {
    closing = true;
    channel.close();
  }

  /**
   * Answers {@code CONNECT}, then lets the first bytes decide: TLS interception, HTTP, or a raw
   * tunnel. The upstream is connected already (eager), or not yet (lazy: null).
   */
  @Override
  public void tunnel(Exchange exchange, UpstreamConnection upstream) {
    current = null;
    paused = true;
    sniffing = true;
    releasePipelined();
    HttpRequest connect = exchange.flow.request();
    channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        new HttpResponseStatus(200, "Connection established"), Unpooled.EMPTY_BUFFER)).addListener(f -> {
          if (f.isSuccess() && channel.isActive()) {
            sniffTunnel(upstream, connect.host(), connect.port());
          } else {
            if (upstream != null) {
              upstream.close();
            }
            tunnelAbandoned();
          }
        });
  }

  /**
   * The client's tunnel to {@code host:port} is open ({@code CONNECT} answered, or the SOCKS5
   * handshake done): its first bytes decide between TLS interception, HTTP, and raw bytes relayed
   * to {@code upstream} (connected already, or null to connect when needed).
   */
  void sniffTunnel(UpstreamConnection upstream, String host, int port) {
    paused = true;
    sniffing = true;
    channel.pipeline().addFirst(TunnelSniffer.NAME,
        new TunnelSniffer(TunnelHandoff.connectTunnel(this, upstream, host, port)));
    channel.read();
  }

  @Override
  public void handOver(Exchange exchange) {
    current = null;
    tunnelled = true;
    releasePipelined();
  }

  // ---- what a tunnel's first bytes decided (TunnelHandoff) -------------------------------------

  io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Stops handling requests until the hand-off decides. */
  void pause() {
    paused = true;
  }

  /** Relays raw bytes between the client and {@code server} from now on. */
  void tunnelRaw(Channel server) {
    tunnelled = true;
    sniffing = false;
    paused = false;
    releasePipelined();
    Tunnel.join(channel, server);
  }

  /**
   * Handles HTTP from now on: origin-form requests go to {@code target} when given, and flows see
   * {@code tlsClient} (the connection after its TLS handshake) when given.
   */
  void tunnelHttp(RequestTarget target, ClientConnection tlsClient) {
    sniffing = false;
    tunnelTarget = target;
    if (tlsClient != null) {
      client = tlsClient;
    }
    resume();
  }

  /**
   * The client speaks HTTP/2 from now on (it chose {@code h2} by ALPN, or sent the HTTP/2 preface):
   * the HTTP/1 handlers give way to an {@link Http2Connection}, which takes over the connection.
   * Origin-form requests go to {@code target} when given, and flows see {@code tlsClient} when given.
   * The upstream connections kept so far (one reached before the client's TLS handshake, say) go to
   * the new connection's streams.
   */
  void tunnelHttp2(RequestTarget target, ClientConnection tlsClient) {
    sniffing = false;
    tunnelled = true;
    ended = true;
    releasePipelined();
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.remove(ClientPipeline.DECODER);
    pipeline.remove(ClientPipeline.ENCODER);
    pipeline.remove(this);
    Http2Connection.install(channel, context, tlsClient != null ? tlsClient : client, target, replay, upstreams);
    channel.read();
  }

  /** Closes the client connection (its TLS handshake failed, or the tunnel cannot be opened). */
  void tunnelAbandoned() {
    sniffing = false;
    closing = true;
    channel.close();
    resume();
  }

  // ---- closing --------------------------------------------------------------------------------

  /**
   * The client sent nothing for the idle timeout: a tunnel still sniffing is abandoned, a
   * connection between flows closes, and a request whose body stalled fails with 408.
   */
  private void onIdle() {
    if (sniffing && !closing) {
      tunnelAbandoned();
      return;
    }
    if (closing || ended || tunnelled || paused) {
      return;
    }
    Exchange exchange = current;
    if (exchange == null) {
      if (pipelined.isEmpty()) {
        closing = true;
        channel.close();
      }
    } else if (!exchange.isPaused() && exchange.waitsForRequestBytes()) {
      exchange.fail(FlowError.Kind.TIMEOUT, 408, "the client sent nothing for "
          + config.idleTimeout().toMillis() + " ms while its request was incomplete", true);
    }
  }

  /** Connection hooks ran: go on, or end the session if the client left meanwhile. */
  private void resume() {
    paused = false;
    if (gone) {
      endSession();
    } else {
      Exchange exchange = current;
      if (exchange != null) {
        exchange.pump();
      } else {
        pump();
      }
    }
  }

  /**
   * The client is gone: releases everything, then runs the error event of an unfinished flow and
   * the disconnected event.
   */
  private void endSession() {
    if (ended) {
      return;
    }
    ended = true;
    Exchange exchange = current;
    current = null;
    releasePipelined();
    upstreams.closeAll();
    if (exchange != null) {
      exchange.abandon(this::fireDisconnected);
    } else {
      fireDisconnected();
    }
  }

  private void fireDisconnected() {
    context.hooks().run(HookEvent.CLIENT_DISCONNECTED, client, channel.eventLoop(), replay::finished);
  }

  private void releasePipelined() {
    pipelined.forEach(ReferenceCountUtil::release);
    pipelined.clear();
  }
}
