package dev.sluice.api;

import dev.sluice.api.internal.GrpcFrames;
import dev.sluice.api.internal.GrpcTrailers;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The gRPC part of a flow whose request is a gRPC call ({@code Content-Type: application/grpc}):
 * its service and method, and its messages in either direction as they passed. A hook in the
 * {@code grpcMessage} event finds the message at hand as {@link #lastMessage()}; it may
 * {@linkplain #inject inject} messages and {@linkplain #end end} the call with a status of its own.
 *
 * <pre>{@code
 * FlowHook.onGrpcMessage(flow -> {
 *   GrpcCall call = flow.grpc();
 *   if (call.method().equals("Chat") && call.lastMessage().fromClient()) {
 *     call.inject(GrpcMessage.inject(false, reply.toByteArray()));   // to the client, after this message
 *   }
 *   if (call.messages().size() > 100) call.end(GrpcStatus.RESOURCE_EXHAUSTED, "enough");
 * });
 *
 * // answer a call without the server (in the request event)
 * flow.respond(GrpcCall.response(GrpcStatus.OK, "", List.of(answer.toByteArray())));
 * }</pre>
 *
 * <p>At most {@link #messageLimit()} messages are kept: past it, the oldest one goes and
 * {@link #droppedMessages()} counts it, so the newest message is always the last one.
 */
public final class GrpcCall {

  private final String service;
  private final String method;
  private final BoundedMessages<GrpcMessage> messages;
  private final Consumer<GrpcMessage> injector;
  private GrpcStatus endStatus;
  private String endDetails = "";

  private GrpcCall(String path, int messageLimit, Consumer<GrpcMessage> injector) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.lastIndexOf('/');
    this.service = slash < 0 ? "" : trimmed.substring(0, slash);
    this.method = slash < 0 ? trimmed : trimmed.substring(slash + 1);
    this.messages = new BoundedMessages<>(messageLimit);
    this.injector = injector;
  }

  /**
   * The call of a live flow whose request path is {@code path} ({@code /package.Service/Method}),
   * made by the engine through {@code FlowAccess}: it keeps at most {@code messageLimit} messages
   * and hands what hooks {@linkplain #inject inject} to {@code injector}.
   */
  static GrpcCall create(String path, int messageLimit, Consumer<GrpcMessage> injector) {
    if (messageLimit < 1) {
      throw new IllegalArgumentException("messageLimit: must be at least 1, got " + messageLimit);
    }
    return new GrpcCall(Objects.requireNonNull(path, "path"), messageLimit, Objects.requireNonNull(injector, "injector"));
  }

  /**
   * Whether the message with {@code headers} belongs to a gRPC call: its {@code Content-Type} is
   * {@code application/grpc}, with or without a suffix such as {@code +proto} or parameters (not
   * gRPC-Web's {@code application/grpc-web}, whose bodies carry their trailers in a frame of their own).
   *
   * <pre>{@code
   * if (GrpcCall.isGrpc(flow.request().headers())) flow.grpc().method();
   * }</pre>
   */
  public static boolean isGrpc(Headers headers) {
    String type = headers.get("Content-Type");
    String prefix = "application/grpc";
    if (type == null || !type.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    return type.length() == prefix.length() || "+; ".indexOf(type.charAt(prefix.length())) >= 0;
  }

  /**
   * A whole gRPC answer for {@link HttpFlow#respond(Response)}: status 200, {@code Content-Type:
   * application/grpc}, {@code messages} framed uncompressed in order, then the trailers
   * {@code grpc-status} and {@code grpc-message} ({@code details}, left out when empty).
   *
   * <pre>{@code
   * flow.respond(GrpcCall.response(GrpcStatus.NOT_FOUND, "no such user", List.of()));
   * }</pre>
   */
  public static HttpResponse response(GrpcStatus status, String details, List<byte[]> messages) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(details, "details");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] message : Objects.requireNonNull(messages, "messages")) {
      body.writeBytes(GrpcFrames.frame(Objects.requireNonNull(message, "messages: contains null"), false));
    }
    Headers trailers = Headers.create();
    GrpcTrailers.set(trailers, status, details);
    return Response.builder().status(200).httpVersion("HTTP/2.0").header("Content-Type", "application/grpc")
        .content(body.toByteArray()).trailers(trailers).build();
  }

  /** The service, {@code package.Service} of the path {@code /package.Service/Method}. */
  public String service() {
    return service;
  }

  /** The method, {@code Method} of the path {@code /package.Service/Method}. */
  public String method() {
    return method;
  }

  /** The messages in the order they passed (injected ones included, when they were sent). */
  public List<GrpcMessage> messages() {
    return messages.view();
  }

  /** The newest message: the one a {@code grpcMessage} event is about. */
  public GrpcMessage lastMessage() {
    return messages.last("gRPC");
  }

  /** Records a message; past the {@linkplain #messageLimit() limit} the oldest one goes. */
  void addMessage(GrpcMessage message) {
    messages.add(message);
  }

  /** How many messages are kept at most. */
  public int messageLimit() {
    return messages.limit();
  }

  /** How many messages were not kept because of the {@linkplain #messageLimit() limit}. */
  public long droppedMessages() {
    return messages.dropped();
  }

  /**
   * Sends {@code message} (made by {@link GrpcMessage#inject}) in its direction once the running
   * event returns: after the message at hand when it goes the same way; the other way at once when
   * that side of the call is under way (for the client, the response has started), else before
   * that side's next message. Call it from a hook of this flow; the message is recorded when it is sent.
   *
   * @throws IllegalStateException when {@code message} was not made for injection
   */
  public void inject(GrpcMessage message) {
    Objects.requireNonNull(message, "message");
    if (!message.isInjected()) {
      throw new IllegalStateException("message: not made for injection (use GrpcMessage.inject)");
    }
    injector.accept(message);
  }

  /**
   * Ends the call once the running {@code grpcMessage} event returns: nothing more is forwarded
   * either way, the server's side is cancelled, and the client gets the trailers {@code grpc-status}
   * and {@code grpc-message} with {@code details} (left out when empty).
   */
  public void end(GrpcStatus status, String details) {
    this.endStatus = Objects.requireNonNull(status, "status");
    this.endDetails = Objects.requireNonNull(details, "details");
  }

  /** The status a hook {@linkplain #end ended} the call with, or {@code null}. */
  public GrpcStatus endStatus() {
    return endStatus;
  }

  /** The details a hook {@linkplain #end ended} the call with (empty when none). */
  public String endDetails() {
    return endDetails;
  }

  @Override
  public String toString() {
    return "gRPC call " + service + "/" + method + " (" + messages.view().size() + " messages)";
  }
}
