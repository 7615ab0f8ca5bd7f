package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads requests, runs the hooks, talks to the upstream and writes the
 * responses back, one flow at a time (pipelined requests wait in order).
 *
 * <p>Everything runs on the connection's event loop. Messages from both sides are queued and
 * handled by {@link #pump()}, which stops while hooks run on the worker pool ({@code paused}).
 * Reads are requested explicitly, only when the current step needs bytes from that side and the
 * other side can take them: that is the back-pressure. The steps are taken by the collaborators
 * that hold this session: {@link RequestReader}, {@link UpstreamExchange}, {@link ResponseForwarder},
 * {@link ConnectHandler}, {@link FlowEndings} and {@link SessionCloser}.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {

  /** The name of this handler in the client pipeline. */
  static final String NAME = "session";

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  static final Object UPSTREAM_CLOSED = new Object();

  private record Inbound(UpstreamConnection connection, Object message) {}

  final SessionContext context;
  final ProxyConfig config;
  final ArrayDeque<Object> fromClient = new ArrayDeque<>();
  private final ArrayDeque<Inbound> fromUpstream = new ArrayDeque<>();
  final Map<String, UpstreamConnection> pool = new HashMap<>();
  Channel channel;
  ClientConnection client;
  Exchange current;
  boolean paused;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean clientGone;
  boolean ended;
  boolean closing;
  boolean tunnelled;
  RequestTarget tunnelTarget;
  /** Whether a request in absolute form came on this connection: later origin-form ones go by their Host. */
  boolean carriedAbsoluteForm;
  boolean sniffing;
  ReplayTicket replay = ReplayTicket.NONE;

  final RequestReader requests = new RequestReader(this);
  final UpstreamExchange upstreams = new UpstreamExchange(this);
  final ResponseForwarder responses = new ResponseForwarder(this);
  final ConnectHandler connects = new ConnectHandler(this);
  final FlowEndings endings = new FlowEndings(this);
  final SessionCloser closer = new SessionCloser(this);
  final StreamPoints streamPoints;

  ClientSession(SessionContext context) {
    this.context = context;
    this.config = context.config();
    this.streamPoints = new StreamPoints(config.maxBodySize());
  }

  // ---- channel events -------------------------------------------------------------------------

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    replay = context.replays().claim(channel.remoteAddress());
    client = ClientConnection.of((InetSocketAddress) channel.remoteAddress(),
        (InetSocketAddress) channel.localAddress());
    paused = true;
    context.hooks().run(HookEvent.CLIENT_CONNECTED, client, channel.eventLoop(), this::resumeAfterHooks);
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
    fromClient.add(msg);
    pump();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    updateReads();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange ex = current;
    if (ex != null && ex.phase == Exchange.Phase.RESPONSE_BODY && ex.upstream != null && channel.isWritable()) {
      // the proxy asks the upstream for more of the response again: its silence counts from now
      upstreams.armTimeout(ex);
    }
    pumpLater();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    clientGone = true;
    if (!paused) {
      closer.endSession();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      closer.onIdle();
    }
    ReferenceCountUtil.release(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection {} failed", ctx.channel(), cause);
    ctx.close();
  }

  void upstreamRead(UpstreamConnection connection, Object msg) {
    if (ended || tunnelled) {
      ReferenceCountUtil.release(msg);
      return;
    }
    fromUpstream.add(new Inbound(connection, msg));
    pump();
  }

  void upstreamClosed(UpstreamConnection connection) {
    pool.remove(connection.key(), connection);
    if (!ended) {
      fromUpstream.add(new Inbound(connection, UPSTREAM_CLOSED));
      pump();
    }
  }

  // ---- the pump -------------------------------------------------------------------------------

  /**
   * {@link #pump()} as a new event-loop task. For writability changes: they fire in the middle of
   * a write, possibly while an encoder is still writing one message's parts, and a message written
   * from there would land between them.
   */
  void pumpLater() {
    channel.eventLoop().execute(this::pump);
  }

  /** Handles queued messages until the current step must wait, then requests the reads it needs. */
  void pump() {
    if (tunnelled) {
      return;
    }
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (!paused && !ended && !closing && step()) {
          // each step handles one message
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    updateReads();
  }

  private boolean step() {
    Inbound stale = fromUpstream.peek();
    if (stale != null && (current == null || stale.connection() != current.upstream)) {
      fromUpstream.poll();
      discard(stale);
      return true;
    }
    Exchange ex = current;
    if (ex == null) {
      Object msg = fromClient.poll();
      if (msg != null) {
        requests.startRequest(msg);
      }
      return msg != null;
    }
    switch (ex.phase) {
      case REQUEST_BODY -> {
        if (ex.requestSink == Exchange.Sink.STREAM && ex.upstream == null) {
          return false;
        }
        Object msg = fromClient.poll();
        if (msg != null) {
          requests.requestContent(ex, msg);
        }
        return msg != null;
      }
      case AWAIT_RESPONSE, RESPONSE_BODY -> {
        Inbound in = fromUpstream.poll();
        if (in != null) {
          upstreams.upstreamMessage(ex, in.message());
        }
        return in != null;
      }
      default -> {
        return false;
      }
    }
  }

  private void updateReads() {
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
    if (fromClient.isEmpty() && wantsClientBytes()) {
      channel.read();
    }
    Exchange ex = current;
    if (ex != null && ex.upstream != null && fromUpstream.isEmpty() && wantsUpstreamBytes(ex)) {
      ex.upstream.channel().read();
    }
  }

  private boolean wantsClientBytes() {
    Exchange ex = current;
    if (ex == null) {
      return true;
    }
    return switch (ex.phase) {
      case REQUEST_BODY -> ex.requestSink != Exchange.Sink.STREAM
          || (ex.upstream != null && ex.upstream.channel().isWritable());
      // read ahead while the upstream answers, so a client that leaves is noticed
      case AWAIT_RESPONSE, RESPONSE_BODY -> true;
      default -> false;
    };
  }

  private boolean wantsUpstreamBytes(Exchange ex) {
    return ex.phase == Exchange.Phase.AWAIT_RESPONSE
        || (ex.phase == Exchange.Phase.RESPONSE_BODY && (ex.responseBody != null || channel.isWritable()));
  }

  private void discard(Inbound stale) {
    ReferenceCountUtil.release(stale.message());
    if (stale.message() != UPSTREAM_CLOSED) {
      pool.remove(stale.connection().key(), stale.connection());
      stale.connection().channel().close();
    }
  }

  // ---- hooks ----------------------------------------------------------------------------------

  /** Runs a flow event; {@code next} continues the flow unless a hook killed it, failed, or the client left. */
  void fire(HookEvent event, Exchange ex, Runnable next) {
    paused = true;
    context.hooks().run(event, ex.flow, channel.eventLoop(), new HookRunner.Outcome() {
      @Override
      public void done() {
        paused = false;
        if (clientGone) {
          closer.endSession();
        } else if (ex.flow.isKilled()) {
          endings.kill(ex);
          pump();
        } else {
          next.run();
          pump();
        }
      }

      @Override
      public void failed(FlowHook hook, Throwable failure) {
        paused = false;
        if (clientGone) {
          closer.endSession();
        } else {
          endings.failFlow(ex, FlowError.Kind.HOOK_FAILED, 502,
              "hook " + hook.name() + " failed in " + event.methodName() + ": " + failure, false);
          pump();
        }
      }
    });
  }

  /** Runs the error event, then {@code next} whatever the hooks did. */
  void fireError(Exchange ex, Runnable next) {
    paused = true;
    context.hooks().run(HookEvent.ERROR, ex.flow, channel.eventLoop(), () -> {
      paused = false;
      next.run();
      resumeAfterHooks();
    });
  }

  private void resumeAfterHooks() {
    paused = false;
    if (clientGone) {
      closer.endSession();
    } else {
      pump();
    }
  }

  // ---- requests -------------------------------------------------------------------------------

  /**
   * {@code msg} as a body chunk; or null, with {@code msg} released, when it is none or malformed
   * (then the flow fails with {@code status} and the connection closes).
   */
  HttpContent bodyChunk(Exchange ex, Object msg, int status, String whose) {
    if (!(msg instanceof HttpContent content)) {
      ReferenceCountUtil.release(msg);
      return null;
    }
    if (content.decoderResult().isFailure()) {
      Throwable cause = content.decoderResult().cause();
      content.release();
      endings.failFlow(ex, FlowError.Kind.PROTOCOL_ERROR, status,
          "malformed " + whose + " body: " + cause.getMessage(), true);
      return null;
    }
    return content;
  }

  // ---- what TunnelHandoff decided -------------------------------------------------------------

  ClientConnection client() {
    return client;
  }

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
    releaseQueues();
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
    resumeAfterHooks();
  }

  /** Closes the client connection (its TLS handshake failed, or the tunnel cannot be opened). */
  void tunnelAbandoned() {
    sniffing = false;
    closing = true;
    channel.close();
    resumeAfterHooks();
  }

  // ---- queues ---------------------------------------------------------------------------------

  /** Releases what is queued from both sides. */
  void releaseQueues() {
    fromClient.forEach(ReferenceCountUtil::release);
    fromClient.clear();
    fromUpstream.forEach(in -> ReferenceCountUtil.release(in.message()));
    fromUpstream.clear();
  }

  /** Empties the upstream queue: what {@code upstream} sent, in order; the rest is released. */
  List<Object> takeUpstreamQueue(UpstreamConnection upstream) {
    List<Object> taken = new ArrayList<>();
    for (Inbound in : fromUpstream) {
      if (in.connection() == upstream && in.message() != UPSTREAM_CLOSED) {
        taken.add(in.message());
      } else {
        ReferenceCountUtil.release(in.message());
      }
    }
    fromUpstream.clear();
    return taken;
  }
}
