package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcMessage;
import dev.sluice.api.GrpcStatus;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpMessage;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.api.internal.GrpcFrames;
import dev.sluice.api.internal.GrpcTrailers;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of a gRPC call as its streamed bodies pass through an {@link Exchange}: each chunk
 * is cut into length-prefixed messages, each whole message is recorded on the flow's
 * {@link GrpcCall} and goes through the {@code grpcMessage} event, and the chunk goes on as the
 * messages that were kept, re-framed (and compressed again) where a hook changed one, with what
 * hooks injected. One message at a time: the call is never held past the message at hand. Bad
 * frames end the call with the gRPC status that says why.
 */
final class ExchangeGrpc {

  private static final Logger log = LoggerFactory.getLogger(ExchangeGrpc.class);
  private static final FlowAccess FLOWS = FlowAccess.get();

  /** One direction of the call. */
  private final class Side {
    final boolean fromClient;
    final GrpcFrameReader reader = new GrpcFrameReader((int) Math.min(Integer.MAX_VALUE - 8, ex.context.config().maxBodySize()));
    final Queue<GrpcMessage> injected = new ConcurrentLinkedQueue<>();
    final ArrayDeque<GrpcFrameReader.Frame> frames = new ArrayDeque<>();
    GrpcEncoding encoding;
    ByteArrayOutputStream out;
    boolean last;
    HttpHeaders trailers;
    Consumer<HttpContent> then;
    boolean ended;

    Side(boolean fromClient) {
      this.fromClient = fromClient;
    }

    HttpMessage message() {
      return fromClient ? ex.flow.request() : ex.flow.response();
    }

    /** Whether a message can go to this direction's receiver now, outside a chunk of its own. */
    boolean isOpen() {
      if (ended || then != null) {
        return false;
      }
      return fromClient ? ex.request.isStreamed() && ex.upstream.connection() != null
          : ex.response.isStarted() && ex.phase() != Exchange.Phase.DONE;
    }

    Channel receiver() {
      return fromClient ? ex.upstream.connection().channel() : ex.client.channel();
    }
  }

  private final Exchange ex;
  private final GrpcCall call;
  private final boolean hooked;
  private final Side fromClient;
  private final Side fromServer;
  private boolean over;
  private boolean firing;
  private boolean resumedInline;

  ExchangeGrpc(Exchange ex) {
    this.ex = ex;
    this.fromClient = new Side(true);
    this.fromServer = new Side(false);
    this.call = FLOWS.startGrpc(ex.flow, ex.context.config().webSocketMessageLimit(), this::inject);
    this.hooked = ex.context.hooks().hasHooks(HookEvent.GRPC_MESSAGE);
  }

  /** A chunk of the request body: {@code then} gets what goes upstream in its place, unless the call ends first. */
  void request(HttpContent content, Consumer<HttpContent> then) {
    chunk(fromClient, content, then);
  }

  /** A chunk of the response body: {@code then} gets what goes to the client in its place, unless the call ends first. */
  void response(HttpContent content, Consumer<HttpContent> then) {
    chunk(fromServer, content, then);
  }

  private void chunk(Side side, HttpContent content, Consumer<HttpContent> then) {
    if (over) {
      content.release();
      return;
    }
    if (side.encoding == null) {
      side.encoding = new GrpcEncoding(side.message().headers().get("grpc-encoding"), side.fromClient);
    }
    side.last = content instanceof LastHttpContent;
    side.trailers = side.last ? ((LastHttpContent) content).trailingHeaders().copy() : null;
    List<GrpcFrameReader.Frame> read;
    try {
      read = side.reader.read(content.content().nioBuffer());
      if (side.last) {
        side.reader.end();
      }
    } catch (GrpcFailure failure) {
      fail(side, failure);
      return;
    } finally {
      content.release();
    }
    side.frames.addAll(read);
    side.out = new ByteArrayOutputStream();
    side.then = then;
    takeInjected(side);
    drain(side);
  }

  /** Runs the event of each whole message in turn; the chunk goes on after the last one. */
  private void drain(Side side) {
    while (!over) {
      GrpcFrameReader.Frame frame = side.frames.poll();
      if (frame == null) {
        finishChunk(side);
        return;
      }
      GrpcMessage message;
      try {
        message = GrpcMessage.of(side.fromClient, side.encoding.decode(frame.payload(), frame.compressed()),
            frame.compressed(), Instant.now());
      } catch (GrpcFailure failure) {
        fail(side, failure);
        return;
      }
      FLOWS.addMessage(call, message);
      if (!hooked) {
        pass(side, message, frame);
        continue;
      }
      firing = true;
      resumedInline = false;
      ex.fire(HookEvent.GRPC_MESSAGE, () -> afterEvent(side, message, frame), this::hookFailed);
      firing = false;
      if (!resumedInline) {
        // a blocking hook runs: afterEvent goes on with the next message when it is done
        return;
      }
    }
  }

  private void afterEvent(Side side, GrpcMessage message, GrpcFrameReader.Frame frame) {
    if (call.endStatus() != null) {
      end(call.endStatus(), call.endDetails(), true);
      return;
    }
    pass(side, message, frame);
    takeInjected(side);
    Side other = side == fromClient ? fromServer : fromClient;
    if (other.isOpen()) {
      sendInjected(other);
    }
    if (firing) {
      resumedInline = true;
    } else {
      drain(side);
    }
  }

  /** Adds {@code message} to the chunk going on, as it came or re-framed when changed; a dropped one is left out. */
  private void pass(Side side, GrpcMessage message, GrpcFrameReader.Frame frame) {
    if (message.isDropped()) {
      return;
    }
    byte[] payload = message.isChanged() ? side.encoding.encode(message.content(), frame.compressed()) : frame.payload();
    side.out.writeBytes(GrpcFrames.frame(payload, frame.compressed()));
  }

  /** Adds the messages injected towards {@code side}'s receiver to the chunk going on. */
  private void takeInjected(Side side) {
    GrpcMessage message;
    while ((message = side.injected.poll()) != null) {
      FLOWS.addMessage(call, message);
      side.out.writeBytes(injectedFrame(side, message));
    }
  }

  /** Sends the messages injected towards {@code side}'s receiver at once, between its chunks. */
  private void sendInjected(Side side) {
    GrpcMessage message;
    while ((message = side.injected.poll()) != null) {
      FLOWS.addMessage(call, message);
      side.receiver().writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(injectedFrame(side, message))));
    }
  }

  private static byte[] injectedFrame(Side side, GrpcMessage message) {
    boolean compressed = side.encoding != null && side.encoding.compresses();
    byte[] content = message.content();
    return GrpcFrames.frame(compressed ? side.encoding.encode(content, true) : content, compressed);
  }

  private void finishChunk(Side side) {
    byte[] bytes = side.out.toByteArray();
    Consumer<HttpContent> then = side.then;
    side.out = null;
    side.then = null;
    HttpContent next;
    if (side.last) {
      side.ended = true;
      LastHttpContent end = new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes));
      end.trailingHeaders().set(side.trailers);
      next = end;
      recordBody(side);
    } else {
      next = new DefaultHttpContent(Unpooled.wrappedBuffer(bytes));
    }
    then.accept(next);
  }

  /**
   * The flow keeps the messages of a side that ended as that message's body, framed as they went
   * on (so dumps show them as mitmproxy shows gRPC); when some were no longer kept, the body has the rest.
   */
  private void recordBody(Side side) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean compressed = side.encoding.compresses();
    for (GrpcMessage message : call.messages()) {
      if (message.fromClient() == side.fromClient && !message.isDropped()) {
        boolean framedCompressed = compressed && (message.compressed() || message.isInjected());
        byte[] content = message.content();
        body.writeBytes(GrpcFrames.frame(framedCompressed ? side.encoding.encode(content, true) : content,
            framedCompressed));
      }
    }
    if (call.droppedMessages() > 0) {
      ex.flow.metadata().put("grpc_messages_not_kept", call.droppedMessages());
    }
    Messages.setReceivedBody(side.message(), body.toByteArray(), null);
  }

  /** Called by {@link GrpcCall#inject} from the hook's thread; the engine sends it after the event. */
  private void inject(GrpcMessage message) {
    (message.fromClient() ? fromClient : fromServer).injected.add(message);
  }

  /** Bad input from {@code side}: the flow records why, the {@code error} event runs, then the call ends with the status. */
  private void fail(Side side, GrpcFailure failure) {
    String who = side.fromClient ? "client " + ex.flow.client().peer() : "upstream " + ex.flow.request().host();
    String details = who + " sent " + failure.getMessage();
    log.debug("gRPC call {} failed: {}", ex.flow.request(), details);
    FLOWS.setError(ex.flow, FlowError.of(failure.kind(), details));
    stop();
    ex.fire(HookEvent.ERROR, () -> end(failure.status(), details, false));
  }

  /**
   * A {@code grpcMessage} hook threw: the flow records it, the {@code error} event runs, and the
   * client gets {@code INTERNAL} naming the hook (a gRPC client reads no 502 page).
   */
  private void hookFailed(FlowHook hook, Throwable failure) {
    String details = "hook " + hook.name() + " failed in grpcMessage: " + failure;
    FLOWS.setError(ex.flow, FlowError.of(FlowError.Kind.HOOK_FAILED, details));
    stop();
    ex.fire(HookEvent.ERROR, () -> end(GrpcStatus.INTERNAL, "proxy " + details, false));
  }

  /** Nothing more passes either way, and the upstream goes. */
  private void stop() {
    over = true;
    fromClient.frames.clear();
    fromServer.frames.clear();
    ex.upstream.drop();
  }

  /**
   * The call ends here: the client gets {@code status} and {@code details} as trailers, after what
   * it had of the response (then the {@code response} event runs), or as a trailers-only answer
   * (after the {@code response} event when {@code withEvent}: a hook ended the call).
   */
  private void end(GrpcStatus status, String details, boolean withEvent) {
    stop();
    if (ex.response.isStarted()) {
      LastHttpContent end = new DefaultLastHttpContent();
      Headers trailers = Headers.create();
      GrpcTrailers.set(trailers, status, details);
      trailers.forEach(field -> end.trailingHeaders().add(field.name(), field.value()));
      ex.response.forwardStreamed(end);
      return;
    }
    HttpResponse answer = Response.builder().status(200).httpVersion("HTTP/2.0")
        .header("Content-Type", "application/grpc").build();
    GrpcTrailers.set(answer.headers(), status, details);
    ex.flow.respond(answer);
    if (withEvent) {
      ex.fire(HookEvent.RESPONSE, () -> ex.writeFinal(ex.flow.response(), ex.keepAlive()));
    } else {
      ex.writeFinal(answer, ex.keepAlive());
    }
  }
}
