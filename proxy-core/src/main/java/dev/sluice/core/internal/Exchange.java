package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpMessage;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.internal.FlowAccess;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange, one flow: the state machine from the request head to the end of the response.
 * Its phase is private and changes only through the methods named after the transitions; its
 * parts do the work of each phase ({@link ExchangeRequest} reads the request, {@link ExchangeUpstream}
 * sends it and reads the answer's head, {@link ExchangeResponse} forwards the answer). It knows the
 * client side only as a {@link ClientStream}, and runs on that stream's event loop.
 *
 * <p>Messages from both sides queue here and {@link #pump()} takes them one step at a time,
 * stopping while hooks run ({@link #fire}) and when the step needs bytes that have not come.
 */
final class Exchange {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);
  private static final FlowAccess FLOWS = FlowAccess.get();

  /** Where the exchange stands. */
  enum Phase {
    /** Hooks or a connect attempt are running; nothing is read for this flow. */
    WAITING,
    /** Reading the request body from the client. */
    REQUEST_BODY,
    /** The request went upstream; waiting for the response head. */
    AWAIT_RESPONSE,
    /** Reading the response body from the upstream. */
    RESPONSE_BODY,
    /** The response is being written to the client. */
    WRITING,
    /** Finished, failed or handed over to a tunnel or websocket. */
    DONE
  }

  final HttpFlow flow;
  final boolean connect;
  final String clientVersion;
  final ClientStream client;
  final SessionContext context;
  final ExchangeRequest request;
  final ExchangeUpstream upstream;
  final ExchangeResponse response;

  private Phase phase = Phase.WAITING;
  private boolean keepAlive;
  private boolean paused;
  /** Resting after a paced piece of a body: nothing is read or passed on meanwhile. */
  private boolean resting;
  /** Paused for a delay a hook asked for (no hook runs): a client that leaves meanwhile ends the flow at once. */
  private boolean delaying;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean requestReceived;
  private final ArrayDeque<Object> fromClient = new ArrayDeque<>();
  private final ArrayDeque<Object> fromUpstream = new ArrayDeque<>();

  Exchange(ClientStream client, HttpFlow flow, boolean keepAlive, boolean connect) {
    this.client = client;
    this.context = client.context();
    this.flow = flow;
    this.keepAlive = keepAlive;
    this.connect = connect;
    this.clientVersion = flow.request().httpVersion();
    this.request = new ExchangeRequest(this);
    this.upstream = new ExchangeUpstream(this);
    this.response = new ExchangeResponse(this);
  }

  // ---- phase ----------------------------------------------------------------------------------

  Phase phase() {
    return phase;
  }

  /** Hooks or a connect attempt run; nothing is read for the flow meanwhile. */
  void waiting() {
    phase = Phase.WAITING;
  }

  /** The request body is read from the client (aggregated, streamed or discarded). */
  void readingRequestBody() {
    phase = Phase.REQUEST_BODY;
  }

  /** The whole request went upstream; the response head is awaited. */
  void awaitingResponse() {
    phase = Phase.AWAIT_RESPONSE;
  }

  /** The response body is read from the upstream. */
  void readingResponseBody() {
    phase = Phase.RESPONSE_BODY;
  }

  /** The last of the response is being written to the client. */
  void writing() {
    phase = Phase.WRITING;
  }

  /** Nothing more happens for this flow: what it queued from either side is released. */
  void done() {
    phase = Phase.DONE;
    upstream.cancelTimeout();
    releaseQueues();
  }

  /** Whether the flow has its answer under way or is over: a failure can no longer be answered. */
  boolean isAnswered() {
    return phase == Phase.DONE || phase == Phase.WRITING;
  }

  boolean keepAlive() {
    return keepAlive;
  }

  /** The client connection closes after this exchange. */
  void closeAfterwards() {
    keepAlive = false;
  }

  /** Whether a response to this request never has a body. */
  boolean bodyless(int status) {
    return Messages.isBodyless(flow.request().method(), status);
  }

  // ---- what comes in --------------------------------------------------------------------------

  /** Whether the next message from the client is part of this request (its last one has not come). */
  boolean takesClientMessages() {
    return !requestReceived && phase != Phase.DONE;
  }

  /** A message of this request's body (or its end) from the client. */
  void clientMessage(Object msg) {
    if (msg instanceof LastHttpContent) {
      requestReceived = true;
    }
    fromClient.add(msg);
  }

  /** Puts {@code content} back at the head of the client's queue, to be handled again. */
  void unread(HttpContent content) {
    fromClient.addFirst(content);
  }

  /** Puts {@code msg} at the head of the upstream's queue, to be handled next. */
  void unreadUpstream(Object msg) {
    fromUpstream.addFirst(msg);
  }

  /** A message from the upstream connection this exchange holds. */
  void upstreamMessage(UpstreamConnection connection, Object msg) {
    if (phase == Phase.DONE || connection != upstream.connection()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    fromUpstream.add(msg);
    pump();
  }

  /** The upstream connection this exchange holds closed. */
  void upstreamClosed(UpstreamConnection connection) {
    if (phase != Phase.DONE && connection == upstream.connection()) {
      fromUpstream.add(ExchangeUpstream.CLOSED);
      pump();
    }
  }

  /** What the upstream sent that has not been handled, in order (the early bytes of a websocket); the queue empties. */
  List<Object> takeUpstreamQueue() {
    List<Object> taken = new ArrayList<>();
    for (Object msg : fromUpstream) {
      if (msg != ExchangeUpstream.CLOSED) {
        taken.add(msg);
      }
    }
    fromUpstream.clear();
    return taken;
  }

  // ---- the pump -------------------------------------------------------------------------------

  /** {@link #pump()} as a new event-loop task (from writability changes, which fire mid-write). */
  void pumpLater() {
    client.channel().eventLoop().execute(this::pump);
  }

  /** The client's side became writable or full: a resumed response body restarts the upstream's silence clock. */
  void clientWritabilityChanged() {
    if (phase == Phase.RESPONSE_BODY && upstream.connection() != null && client.channel().isWritable()) {
      // the proxy asks the upstream for more of the response again: its silence counts from now
      upstream.armTimeout();
    }
    pumpLater();
  }

  /** Handles queued messages until a step must wait, then lets the connection request the reads it needs. */
  void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (!paused && !resting && phase != Phase.DONE && step()) {
          // each step handles one message
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    client.readsChanged();
  }

  private boolean step() {
    // a streamed request goes on upstream while its answer comes back (HTTP/2 is full duplex: gRPC
    // calls whose client waits for each reply live on it), whatever the response side does
    if (phase != Phase.REQUEST_BODY && request.streamsAlongsideResponse() && upstream.isWritable()) {
      Object msg = fromClient.poll();
      if (msg != null) {
        request.content(msg);
        return true;
      }
    }
    switch (phase) {
      case REQUEST_BODY -> {
        if (request.isStreamed() && upstream.connection() != null && !fromUpstream.isEmpty()) {
          // the upstream answers before the request ended
          upstream.message(fromUpstream.poll());
          return true;
        }
        if (request.waitsForUpstream()) {
          return false;
        }
        Object msg = fromClient.poll();
        if (msg != null) {
          request.content(msg);
        }
        return msg != null;
      }
      case AWAIT_RESPONSE, RESPONSE_BODY -> {
        Object msg = fromUpstream.poll();
        if (msg != null) {
          upstream.message(msg);
        }
        return msg != null;
      }
      default -> {
        return false;
      }
    }
  }

  /** Whether hooks run for the flow (a client that leaves meanwhile is handled when they are done). */
  boolean isPaused() {
    return paused && !delaying;
  }

  /** Whether the exchange holds still on purpose (hooks, a delay, a rest): the upstream is not late meanwhile. */
  boolean isHolding() {
    return paused || resting;
  }

  /** Whether the exchange waits for bytes from the client and has none queued. */
  boolean wantsClientBytes() {
    if (!fromClient.isEmpty() || resting) {
      return false;
    }
    if (phase != Phase.REQUEST_BODY && request.streamsAlongsideResponse()) {
      return upstream.isWritable();
    }
    return switch (phase) {
      case REQUEST_BODY -> waitsForRequestBytes();
      // read ahead while the upstream answers, so a client that leaves is noticed
      case AWAIT_RESPONSE, RESPONSE_BODY -> true;
      default -> false;
    };
  }

  /**
   * Whether the request body is what the exchange waits for, and the client is the one to send it:
   * an aggregated body, or a streamed one whose upstream takes more.
   */
  boolean waitsForRequestBytes() {
    return phase == Phase.REQUEST_BODY && !resting && (!request.isStreamed() || upstream.isWritable());
  }

  /** Asks the upstream for more when the exchange waits for its bytes and has none queued. */
  void readUpstream() {
    UpstreamConnection connection = upstream.connection();
    if (paused || resting || connection == null || !fromUpstream.isEmpty()) {
      return;
    }
    boolean wants = phase == Phase.AWAIT_RESPONSE
        || (phase == Phase.REQUEST_BODY && request.isStreamed() && !upstream.headReceived())
        || (phase == Phase.RESPONSE_BODY && (response.isAggregating() || client.channel().isWritable()));
    if (wants) {
      connection.channel().read();
    }
  }

  /**
   * {@code msg} as a body chunk; or null, with {@code msg} released, when it is none or malformed
   * (then the flow fails with {@code status} and the connection closes).
   */
  HttpContent bodyChunk(Object msg, int status, String whose) {
    if (!(msg instanceof HttpContent content)) {
      ReferenceCountUtil.release(msg);
      return null;
    }
    if (content.decoderResult().isFailure()) {
      Throwable cause = content.decoderResult().cause();
      content.release();
      fail(FlowError.Kind.PROTOCOL_ERROR, status, "malformed " + whose + " body: " + cause.getMessage(), true);
      return null;
    }
    return content;
  }

  /**
   * {@code content} as it goes out for {@code message}: through its stream transformer, if any;
   * null, with the flow failed and the connection closing, when the transformer throws.
   */
  HttpContent outgoing(HttpMessage message, HttpContent content) {
    try {
      return StreamedChunks.next(message, content);
    } catch (RuntimeException e) {
      String whose = message instanceof HttpRequest ? "request" : "response";
      fail(FlowError.Kind.HOOK_FAILED, 502, "the stream transformer of the " + whose + " failed: " + e, true);
      return null;
    }
  }

  // ---- hooks ----------------------------------------------------------------------------------

  /**
   * Runs a flow event; {@code next} continues the flow unless a hook killed it, failed, or the client
   * left. A pause the hooks asked for ({@link FlowControls#PAUSE}) comes first, on the event loop's
   * clock; a fault they set for now ({@link EngineFault#RESET}, {@link EngineFault#GARBAGE}) ends the flow instead.
   */
  void fire(HookEvent event, Runnable next) {
    fire(event, next, null);
  }

  /**
   * {@link #fire(HookEvent, Runnable)}, but a hook that throws is handed to {@code hookFailed}
   * (which ends the flow its own way) instead of failing the flow with a {@code 502}.
   */
  void fire(HookEvent event, Runnable next, BiConsumer<FlowHook, Throwable> hookFailed) {
    paused = true;
    context.hooks().run(event, flow, client.channel().eventLoop(), new HookRunner.Outcome() {
      @Override
      public void done() {
        Duration pause = flow.removeAttribute(FlowControls.PAUSE);
        if (pause == null || pause.isZero() || pause.isNegative()) {
          resume(next);
        } else {
          delaying = true;
          client.channel().eventLoop().schedule(() -> {
            delaying = false;
            if (phase != Phase.DONE) {
              resume(next);
            }
          }, pause.toNanos(), TimeUnit.NANOSECONDS);
        }
      }

      @Override
      public void failed(FlowHook hook, Throwable failure) {
        paused = false;
        if (client.isGone()) {
          client.clientLeft();
        } else if (hookFailed != null) {
          hookFailed.accept(hook, failure);
          pump();
        } else {
          fail(FlowError.Kind.HOOK_FAILED, 502,
              "hook " + hook.name() + " failed in " + event.methodName() + ": " + failure, false);
          pump();
        }
      }
    });
  }

  private void resume(Runnable next) {
    paused = false;
    EngineFault fault = flow.attribute(FlowControls.FAULT);
    if (client.isGone()) {
      client.clientLeft();
    } else if (flow.isKilled()) {
      kill();
      pump();
    } else if (!isAnswered() && (fault == EngineFault.RESET || fault == EngineFault.GARBAGE)) {
      flow.removeAttribute(FlowControls.FAULT);
      endWithFault(fault, () -> FaultPlayer.play(fault, client.channel()));
    } else {
      next.run();
      pump();
    }
  }

  /**
   * Rests after {@code bytes} of a body were passed on, as the flow's {@link FlowControls#PACING}
   * asks: no step, and no read from either side, until the rest is over.
   */
  void paced(Pacing.Direction direction, int bytes) {
    Pacing pacing = flow.attribute(FlowControls.PACING);
    Duration rest = pacing == null ? Duration.ZERO : pacing.after(direction, bytes);
    if (rest.isZero() || rest.isNegative() || phase == Phase.DONE) {
      return;
    }
    resting = true;
    client.channel().eventLoop().schedule(() -> {
      resting = false;
      if (phase == Phase.DONE) {
        return;
      }
      if (client.isGone()) {
        client.clientLeft();
      } else {
        pump();
      }
    }, rest.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs the error event, then {@code next} whatever the hooks did. */
  private void fireError(Runnable next) {
    paused = true;
    context.hooks().run(HookEvent.ERROR, flow, client.channel().eventLoop(), () -> {
      paused = false;
      next.run();
      if (client.isGone()) {
        client.clientLeft();
      } else {
        pump();
      }
    });
  }

  // ---- how it ends ----------------------------------------------------------------------------

  /** Fails the flow: error event, then a plain-text answer if the client can still get one. */
  void fail(FlowError.Kind kind, int status, String message, boolean closeClient) {
    if (isAnswered()) {
      return;
    }
    log.debug("flow {} failed: {}", flow.request(), message);
    waiting();
    FLOWS.setError(flow, FlowError.of(kind, message));
    upstream.cancelTimeout();
    upstream.drop();
    HttpResponse answer = Messages.errorResponse(status, message);
    fireError(() -> {
      if (phase == Phase.DONE || client.isGone()) {
        return;
      }
      if (response.isStarted()) {
        done();
        client.closeNow();
      } else if (!closeClient && !request.isComplete()) {
        request.discardRestThenAnswer(answer);
      } else {
        writeFinal(answer, keepAlive && !closeClient);
      }
    });
  }

  /**
   * A hook killed the flow: error event, then the client connection closes. The error says what
   * mitmproxy's does, so dumps and HAR files read back (here or in mitmproxy) as kills.
   */
  void kill() {
    FLOWS.setError(flow, FlowError.of(FlowError.Kind.KILLED, "Connection killed."));
    done();
    upstream.drop();
    client.closing();
    fireError(client::closeNow);
  }

  /**
   * A fault ends the flow: it fails as killed, naming the fault, its upstream is dropped, and once
   * the error event ran, {@code play} plays the fault on the client connection, which closes.
   */
  void endWithFault(EngineFault fault, Runnable play) {
    FLOWS.setError(flow, FlowError.of(FlowError.Kind.KILLED, "fault injected: " + FaultPlayer.describe(fault)));
    done();
    upstream.drop();
    client.closing();
    fireError(play);
  }

  /** The client left before the flow was over: the flow fails as client-aborted, then {@code next} runs. */
  void abandon(Runnable next) {
    boolean over = isAnswered();
    done();
    upstream.drop();
    if (over) {
      next.run();
      return;
    }
    FLOWS.setError(flow, FlowError.of(FlowError.Kind.CLIENT_ABORTED,
        "client " + client.client().peer() + " disconnected before the flow was complete"));
    paused = true;
    context.hooks().run(HookEvent.ERROR, flow, client.channel().eventLoop(), next);
  }

  /** Writes {@code answer} as the whole response; the exchange finishes when it is out. */
  void writeFinal(HttpResponse answer, boolean keepAlive) {
    writing();
    response.started();
    this.keepAlive = keepAlive;
    if (!keepAlive) {
      client.closing();
    }
    boolean bodyless = bodyless(answer.statusCode());
    Messages.writeAll(client.channel(), Messages.wholeResponse(answer, bodyless, keepAlive, clientVersion))
        .addListener(f -> finish());
  }

  /** The response is out: the upstream connection is kept for the next flow or closed, and so is the client's. */
  void finish() {
    if (phase == Phase.DONE || client.isGone()) {
      return;
    }
    // an upstream that sent more than its response is out of step: it is not reused
    boolean inStep = fromUpstream.isEmpty();
    done();
    upstream.release(inStep);
    client.exchangeFinished(this, keepAlive);
  }

  /** The connection leaves HTTP: the 101 of {@code answer} goes out and a websocket takes over. */
  void handOver(List<HttpObject> answer) {
    done();
    response.started();
    client.handOver(this);
    Messages.writeAll(client.channel(), answer);
  }

  /** Releases what is queued from both sides. */
  private void releaseQueues() {
    fromClient.forEach(ReferenceCountUtil::release);
    fromClient.clear();
    fromUpstream.forEach(ReferenceCountUtil::release);
    fromUpstream.clear();
  }
}
