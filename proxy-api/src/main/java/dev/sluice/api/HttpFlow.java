package dev.sluice.api;

import dev.sluice.api.internal.FlowAccess;
import dev.sluice.api.internal.Ids;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange through the proxy as hooks see it, live: a request, and in time a response
 * or an error. Hooks change it in place.
 *
 * <p>A live flow is mutable and confined to one thread at a time (the connection's event loop, or
 * the worker running a {@linkplain Blocking blocking} hook), with no locking. What the engine
 * records about it (the server connection, the error, a replay mark) only the engine sets. To keep
 * a flow after the event returns, take a {@link #snapshot()}: an immutable {@link Flow} that any
 * thread may read.
 *
 * <pre>{@code
 * FlowHook hook = FlowHook.onRequest(flow -> {
 *   if (flow.request().path().startsWith("/health")) {
 *     flow.respond(Response.of(200, "text/plain", "ok"));   // the upstream is never contacted
 *   }
 * });
 * }</pre>
 */
public final class HttpFlow implements Flow {

  private final String id;
  private final Instant timestampCreated;
  private final ClientConnection client;
  private ServerConnection server;
  private final HttpRequest request;
  private HttpResponse response;
  private FlowError error;
  private boolean killed;
  private String marker = "";
  private String comment = "";
  private ReplayKind replay;
  private WebSocketData webSocket;
  private GrpcCall grpc;
  private final Map<FlowAttribute<?>, Object> attributes = new IdentityHashMap<>();
  private final Map<String, Object> metadata = new LinkedHashMap<>();

  static {
    FlowAccess.install(new EngineAccess());
  }

  private HttpFlow(ClientConnection client, HttpRequest request) {
    this.id = Ids.next();
    this.client = Objects.requireNonNull(client, "client");
    this.request = Objects.requireNonNull(request, "request");
    // the engine makes the flow as its request's head arrives: one clock reading serves both
    this.timestampCreated = request.timestampStart();
  }

  /**
   * A new live flow for {@code request}, received on {@code client} (the engine does this); it was
   * created when the request started.
   */
  static HttpFlow create(ClientConnection client, HttpRequest request) {
    return new HttpFlow(client, request);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Instant timestampCreated() {
    return timestampCreated;
  }

  @Override
  public ClientConnection client() {
    return client;
  }

  @Override
  public ServerConnection server() {
    return server;
  }

  void setServer(ServerConnection server) {
    this.server = server;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public HttpResponse response() {
    return response;
  }

  /**
   * Sets the response. Called in a request-phase event ({@code requestHeaders}, {@code request}),
   * it short-circuits the flow: the upstream is never contacted and the response events still
   * reach every hook. Called in a response-phase event, it replaces the upstream's response. A
   * response from a kept {@link Flow} is copied, so that later hooks can change it.
   */
  public void respond(Response response) {
    HttpResponse given = (HttpResponse) Objects.requireNonNull(response, "response");
    this.response = given.isReadOnly() ? given.newBuilder().build() : given;
  }

  /**
   * Answers a websocket upgrade request with {@code handshake} (a {@code 101}) and the messages of
   * {@code recording}: the engine plays its server messages to the client, then its close if the
   * server closed, as server replay does. Call it in a request-phase event of an upgrade.
   *
   * <pre>{@code
   * flow.respond(recorded.response(), recorded.webSocket());
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code handshake} is not a {@code 101}
   */
  public void respond(Response handshake, WebSocketData recording) {
    Objects.requireNonNull(recording, "recording");
    if (Objects.requireNonNull(handshake, "handshake").statusCode() != 101) {
      throw new IllegalArgumentException("handshake: a websocket recording answers with a 101, got " + handshake.statusCode());
    }
    respond(handshake);
    this.webSocket = recording;
  }

  @Override
  public FlowError error() {
    return error;
  }

  void setError(FlowError error) {
    this.error = error;
  }

  /** Drops the connection without an answer, as soon as the current event returns. */
  public void kill() {
    killed = true;
  }

  @Override
  public boolean isKilled() {
    return killed;
  }

  @Override
  public <T> T attribute(FlowAttribute<T> key) {
    return key.cast(attributes.get(key));
  }

  /** Sets the value of {@code key}. */
  public <T> void setAttribute(FlowAttribute<T> key, T value) {
    attributes.put(Objects.requireNonNull(key, "key"), key.cast(Objects.requireNonNull(value, "value")));
  }

  /** Removes the value of {@code key}; returns the old one or {@code null}. */
  public <T> T removeAttribute(FlowAttribute<T> key) {
    return key.cast(attributes.remove(key));
  }

  Map<FlowAttribute<?>, Object> attributeMap() {
    return attributes;
  }

  @Override
  public String marker() {
    return marker;
  }

  /** Marks the flow with {@code marker}, or unmarks it with an empty string. */
  public void setMarker(String marker) {
    this.marker = Objects.requireNonNull(marker, "marker");
  }

  @Override
  public String comment() {
    return comment;
  }

  /** Sets the comment. */
  public void setComment(String comment) {
    this.comment = Objects.requireNonNull(comment, "comment");
  }

  @Override
  public ReplayKind replay() {
    return replay;
  }

  void setReplay(ReplayKind replay) {
    this.replay = replay;
  }

  @Override
  public WebSocketData webSocket() {
    return webSocket;
  }

  void setWebSocket(WebSocketData webSocket) {
    this.webSocket = webSocket;
  }

  /**
   * The gRPC call this flow carries, with its messages so far; {@code null} when the request is
   * not a gRPC call. Its messages are also the flow's request and response bodies once each side ended.
   */
  public GrpcCall grpc() {
    return grpc;
  }

  void setGrpc(GrpcCall grpc) {
    this.grpc = grpc;
  }

  /** Free-form metadata that tools keep with the flow (mitmproxy's {@code metadata}), writable. */
  @Override
  public Map<String, Object> metadata() {
    return metadata;
  }

  /**
   * An immutable copy of the flow as it is now, safe to keep and to read from any thread.
   * Attribute values are shared, so keep them immutable.
   */
  public Flow snapshot() {
    return newBuilder().build();
  }

  @Override
  public String toString() {
    return "HttpFlow[" + request + (response == null ? "" : " -> " + response.statusCode())
        + (error == null ? "" : " error " + error.kind()) + "]";
  }
}
