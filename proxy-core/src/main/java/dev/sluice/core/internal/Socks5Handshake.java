package dev.sluice.core.internal;

import dev.sluice.api.Socks5Auth;
import dev.sluice.core.ConnectionStrategy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5Message;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOCKS5 handshake of a client connection in SOCKS5 mode, framed by Netty's codec-socks:
 * method selection (RFC 1928; user name and password, RFC 1929, when proxy authentication is on,
 * checked by the {@code socks5Auth} hooks), then {@code CONNECT} to a host name, an IPv4 or an
 * IPv6 address. With the eager connection strategy the server is connected before the success
 * reply. Then the connection goes on as a {@code CONNECT} tunnel ({@link Http1Connection#sniffTunnel}):
 * TLS intercepted, HTTP proxied, anything else relayed raw.
 *
 * <p>Whatever the handshake cannot accept gets the SOCKS5 reply that refuses it, then the
 * connection closes: a greeting of another version, or without the method required, gets
 * "no acceptable methods"; wrong credentials "failure"; a command other than {@code CONNECT}
 * (BIND, UDP ASSOCIATE) "command not supported"; an unknown address type "address type not
 * supported"; a server that cannot be reached "connection refused" or "host unreachable"; a
 * client that stops halfway, for the idle timeout, the refusal of the step it stopped at.
 *
 * <p>It sits after the idle timer and before the HTTP handlers of the client pipeline, between its
 * encoder and the decoder of the step under way, and reads only while it waits for a step.
 * Whatever arrives while a hook or the connect runs waits in order, and bytes that follow the
 * request go into the tunnel.
 */
final class Socks5Handshake extends ChannelInboundHandlerAdapter implements Http1Connection.Preamble {

  /** The names of the handshake's handlers in the client pipeline. */
  static final String NAME = "socks5";
  static final String ENCODER = "socks5-encoder";
  static final String DECODER = "socks5-decoder";

  private static final Logger log = LoggerFactory.getLogger(Socks5Handshake.class);
  /** RFC 1929's failure status as mitmproxy and most servers send it: 1 (Netty's {@code FAILURE} is 0xFF). */
  private static final Socks5PasswordAuthStatus WRONG_CREDENTIALS = new Socks5PasswordAuthStatus(1, "FAILURE");

  /** The step the handshake waits for. */
  private enum Step {
    METHODS("the method selection"), PASSWORD("the user name and password"), COMMAND("the request"),
    CONNECTING("the connect"), DONE("the end");

    private final String words;

    Step(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  private final SessionContext context;
  /** Messages and bytes that arrived while a hook or the connect ran, in order. */
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http1Connection connection;
  private Step step = Step.METHODS;
  private boolean busy;
  private boolean gone;

  Socks5Handshake(SessionContext context) {
    this.context = context;
  }

  /** Adds the handshake's handlers to {@code pipeline}, after what it holds already. */
  void addTo(ChannelPipeline pipeline) {
    pipeline.addLast(ENCODER, Socks5ServerEncoder.DEFAULT)
        .addLast(DECODER, new Socks5InitialRequestDecoder())
        .addLast(NAME, this);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void start(Http1Connection connection) {
    this.connection = connection;
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (step == Step.DONE) {
      ReferenceCountUtil.release(msg);
      return;
    }
    waiting.add(msg);
    handleWaiting();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readIfWaitingForAStep();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && connection != null && step != Step.DONE) {
      refuse(refusalAt(step), "sent nothing for " + context.config().idleTimeout().toMillis() + " ms during "
          + step + " of the SOCKS5 handshake");
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ctx.fireChannelInactive();
    gone = true;
    releaseWaiting();
    if (connection != null && !busy) {
      connection.tunnelAbandoned();
    }
  }

  private void handleWaiting() {
    while (!busy && connection != null && step != Step.DONE && step != Step.CONNECTING && !waiting.isEmpty()) {
      Object msg = waiting.poll();
      try {
        handle(msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  private void handle(Object msg) {
    if (step == Step.METHODS && msg instanceof Socks5InitialRequest request) {
      methods(request);
    } else if (step == Step.PASSWORD && msg instanceof Socks5PasswordAuthRequest request) {
      password(request);
    } else if (step == Step.COMMAND && msg instanceof Socks5CommandRequest request) {
      command(request);
    } else {
      refuse(refusalAt(step), "sent " + msg.getClass().getSimpleName() + " during " + step
          + " of the SOCKS5 handshake");
    }
  }

  /** The greeting: the methods the client offers must include the one this proxy asks for. */
  private void methods(Socks5InitialRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      refuse(refusalAt(Step.METHODS), "not a SOCKS5 greeting (" + result.cause().getMessage()
          + "); this proxy runs in socks5 mode");
      return;
    }
    boolean password = context.config().socks5Password();
    Socks5AuthMethod wanted = password ? Socks5AuthMethod.PASSWORD : Socks5AuthMethod.NO_AUTH;
    if (!request.authMethods().contains(wanted)) {
      refuse(refusalAt(Step.METHODS), "the client offers the methods " + request.authMethods() + ", not "
          + (password ? "user name and password (proxy authentication is on)" : "no authentication"));
      return;
    }
    ctx.pipeline().replace(DECODER, DECODER,
        password ? new Socks5PasswordAuthRequestDecoder() : new Socks5CommandRequestDecoder());
    step = password ? Step.PASSWORD : Step.COMMAND;
    ctx.writeAndFlush(new DefaultSocks5InitialResponse(wanted));
  }

  /** The user name and password, for the {@code socks5Auth} hooks to accept. */
  private void password(Socks5PasswordAuthRequest request) {
    if (request.decoderResult().isFailure()) {
      refuse(refusalAt(Step.PASSWORD), "malformed user name and password (" + request.decoderResult().cause().getMessage()
          + ")");
      return;
    }
    ctx.pipeline().replace(DECODER, DECODER, new Socks5CommandRequestDecoder());
    Socks5Auth auth = Socks5Auth.of(connection.client(), request.username(), request.password());
    busy = true;
    context.hooks().run(HookEvent.SOCKS5_AUTH, auth, ctx.channel().eventLoop(), () -> {
      if (!stillWanted()) {
        return;
      }
      if (!auth.isAccepted()) {
        refuse(refusalAt(Step.PASSWORD), "wrong user name or password (user \"" + auth.user() + "\")");
      } else {
        step = Step.COMMAND;
        ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.SUCCESS));
        handleWaiting();
        readIfWaitingForAStep();
      }
    });
  }

  /** The request: {@code CONNECT} only; bytes after it are the tunnel's. */
  private void command(Socks5CommandRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      String reason = String.valueOf(result.cause().getMessage());
      refuse(commandReply(reason.contains("address type") ? Socks5CommandStatus.ADDRESS_UNSUPPORTED
          : Socks5CommandStatus.COMMAND_UNSUPPORTED), "malformed SOCKS5 request (" + reason + ")");
      return;
    }
    if (request.type() != Socks5CommandType.CONNECT) {
      refuse(commandReply(Socks5CommandStatus.COMMAND_UNSUPPORTED), "asks for " + request.type()
          + "; this proxy supports CONNECT only");
      return;
    }
    ctx.pipeline().remove(DECODER);
    String host = request.dstAddr();
    int port = request.dstPort();
    step = Step.CONNECTING;
    if (context.config().connectionStrategy() == ConnectionStrategy.LAZY) {
      succeed(null, host, port);
      return;
    }
    busy = true;
    UpstreamConnection raw = new UpstreamConnection(connection.upstreams(), null, host, port);
    UpstreamDial.connect(context, ctx.channel().eventLoop(), raw, false, null).addListener((Future<Channel> connected) -> {
      if (!stillWanted()) {
        if (connected.isSuccess()) {
          connected.getNow().close();
        }
      } else if (connected.isSuccess()) {
        raw.connected(connected.getNow());
        succeed(raw, host, port);
      } else {
        Throwable cause = connected.cause();
        boolean refused = cause instanceof ConnectException && !(cause instanceof ConnectTimeoutException);
        refuse(commandReply(refused ? Socks5CommandStatus.CONNECTION_REFUSED : Socks5CommandStatus.HOST_UNREACHABLE),
            "cannot connect to " + raw.describe() + ": " + UpstreamDial.reason(cause));
      }
    });
  }

  /**
   * Answers the request with success, then (once the decoder that read it has passed on what
   * followed it) hands the connection over as a tunnel to {@code host:port}.
   */
  private void succeed(UpstreamConnection upstream, String host, int port) {
    busy = true;
    ctx.writeAndFlush(commandReply(Socks5CommandStatus.SUCCESS))
        .addListener(written -> ctx.executor().execute(() -> handOver(written.isSuccess(), upstream, host, port)));
  }

  private void handOver(boolean answered, UpstreamConnection upstream, String host, int port) {
    if (!stillWanted() || !answered) {
      if (upstream != null) {
        upstream.close();
      }
      ctx.close();
      return;
    }
    step = Step.DONE;
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.remove(ENCODER);
    pipeline.remove(this);
    connection.sniffTunnel(upstream, host, port);
    for (Object early = waiting.poll(); early != null; early = waiting.poll()) {
      if (early instanceof ByteBuf bytes) {
        pipeline.fireChannelRead(bytes);
      } else {
        ReferenceCountUtil.release(early);
      }
    }
  }

  /**
   * A hook or the connect finished: whether the handshake still wants its result. Not when the
   * client left meanwhile (its connection is abandoned now) or was refused (for its idleness).
   */
  private boolean stillWanted() {
    busy = false;
    if (gone) {
      connection.tunnelAbandoned();
      return false;
    }
    return step != Step.DONE;
  }

  /** Writes {@code reply}, then closes the connection politely. */
  private void refuse(Socks5Message reply, String reason) {
    log.debug("SOCKS5 client {}: {}", ctx.channel().remoteAddress(), reason);
    step = Step.DONE;
    releaseWaiting();
    Linger.closeAfter(ctx.channel(), ctx.writeAndFlush(reply));
  }

  private void readIfWaitingForAStep() {
    boolean waitsForAStep = step == Step.METHODS || step == Step.PASSWORD || step == Step.COMMAND;
    if (connection != null && (step == Step.DONE || waitsForAStep && !busy && waiting.isEmpty())) {
      ctx.read();
    }
  }

  private void releaseWaiting() {
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
  }

  /** The reply that refuses the client at {@code step}. */
  private static Socks5Message refusalAt(Step step) {
    return switch (step) {
      case METHODS -> new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED);
      case PASSWORD -> new DefaultSocks5PasswordAuthResponse(WRONG_CREDENTIALS);
      default -> commandReply(Socks5CommandStatus.FAILURE);
    };
  }

  /** A reply to the request; the bound address is unused, as with mitmproxy: {@code 0.0.0.0:0}. */
  private static Socks5Message commandReply(Socks5CommandStatus status) {
    return new DefaultSocks5CommandResponse(status, Socks5AddressType.IPv4, "0.0.0.0", 0);
  }
}
