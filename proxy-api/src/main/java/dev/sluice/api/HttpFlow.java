package dev.sluice.api;

import dev.sluice.api.internal.Ids;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange through the proxy: a request, and in time a response or an error.
 *
 * <p>A flow is mutable and confined to one thread at a time (the connection's event loop, or the
 * worker running a {@linkplain Blocking blocking} hook): hooks change it in place, with no
 * locking. To keep a flow after the event returns, take a {@link #snapshot()}: an independent,
 * read-only copy that any thread may read.
 *
 * <pre>{@code
 * FlowHook hook = FlowHook.onRequest(flow -> {
 *   if (flow.request().path().startsWith("/health")) {
 *     flow.respond(HttpResponse.of(200, "text/plain", "ok"));   // the upstream is never contacted
 *   }
 * });
 * }</pre>
 */
public final class HttpFlow {

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
  private final Map<FlowAttribute<?>, Object> attributes;
  private final Map<String, Object> metadata;
  private final boolean readOnly;

  private HttpFlow(String id, Instant timestampCreated, ClientConnection client, HttpRequest request,
      Map<FlowAttribute<?>, Object> attributes, Map<String, Object> metadata, boolean readOnly) {
    this.id = id;
    this.timestampCreated = timestampCreated;
    this.client = Objects.requireNonNull(client, "client");
    this.request = Objects.requireNonNull(request, "request");
    this.attributes = attributes;
    this.metadata = metadata;
    this.readOnly = readOnly;
  }

  /** A new flow for {@code request}, received on {@code client}. */
  public static HttpFlow create(ClientConnection client, HttpRequest request) {
    return new HttpFlow(Ids.next(), Instant.now(), client, request,
        new IdentityHashMap<>(), new LinkedHashMap<>(), false);
  }

  /**
   * A flow restored from a recording, keeping its recorded {@code id} and creation time (readers
   * of stored flows use this; the engine uses {@link #create}).
   *
   * <pre>{@code HttpFlow flow = HttpFlow.restore(recordedId, recordedAt, client, request);}</pre>
   */
  public static HttpFlow restore(String id, Instant timestampCreated, ClientConnection client,
      HttpRequest request) {
    return new HttpFlow(Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(timestampCreated, "timestampCreated"), client, request,
        new IdentityHashMap<>(), new LinkedHashMap<>(), false);
  }

  /** A unique id. */
  public String id() {
    return id;
  }

  /** When the flow was created. */
  public Instant timestampCreated() {
    return timestampCreated;
  }

  /** The client connection the request came on. */
  public ClientConnection client() {
    return client;
  }

  /** The upstream connection, or {@code null} when none was opened (yet, or at all). */
  public ServerConnection server() {
    return server;
  }

  /** Records the upstream connection (the engine does this). */
  public void setServer(ServerConnection server) {
    checkWritable();
    this.server = server;
  }

  /** The request. */
  public HttpRequest request() {
    return request;
  }

  /** The response, or {@code null} until there is one. */
  public HttpResponse response() {
    return response;
  }

  /** Whether there is a response. */
  public boolean hasResponse() {
    return response != null;
  }

  /**
   * Sets the response. Called in a request-phase event ({@code requestHeaders}, {@code request}),
   * it short-circuits the flow: the upstream is never contacted and the response events still
   * reach every hook. Called in a response-phase event, it replaces the upstream's response.
   */
  public void respond(HttpResponse response) {
    checkWritable();
    this.response = Objects.requireNonNull(response, "response");
  }

  /** Why the flow failed, or {@code null}. */
  public FlowError error() {
    return error;
  }

  /** Records why the flow failed (the engine does this before the {@code error} event). */
  public void setError(FlowError error) {
    checkWritable();
    this.error = error;
  }

  /** Drops the connection without an answer, as soon as the current event returns. */
  public void kill() {
    checkWritable();
    killed = true;
  }

  /** Whether a hook killed the flow. */
  public boolean isKilled() {
    return killed;
  }

  /** The value of {@code key}, or {@code null} when unset. */
  public <T> T attribute(FlowAttribute<T> key) {
    return key.cast(attributes.get(key));
  }

  /** Sets the value of {@code key}. */
  public <T> void setAttribute(FlowAttribute<T> key, T value) {
    checkWritable();
    attributes.put(Objects.requireNonNull(key, "key"), key.cast(Objects.requireNonNull(value, "value")));
  }

  /** Removes the value of {@code key}; returns the old one or {@code null}. */
  public <T> T removeAttribute(FlowAttribute<T> key) {
    checkWritable();
    return key.cast(attributes.remove(key));
  }

  /** The marker (mitmproxy's {@code marked}): empty when unmarked, else a short label such as an emoji. */
  public String marker() {
    return marker;
  }

  /** Whether the flow is marked. */
  public boolean isMarked() {
    return !marker.isEmpty();
  }

  /** Marks the flow with {@code marker}, or unmarks it with an empty string. */
  public void setMarker(String marker) {
    checkWritable();
    this.marker = Objects.requireNonNull(marker, "marker");
  }

  /** A free-text comment (empty when none). */
  public String comment() {
    return comment;
  }

  /** Sets the comment. */
  public void setComment(String comment) {
    checkWritable();
    this.comment = Objects.requireNonNull(comment, "comment");
  }

  /** What part of the flow is a replay, or {@code null} for a live flow. */
  public ReplayKind replay() {
    return replay;
  }

  /** Whether any part of the flow is a replay. */
  public boolean isReplay() {
    return replay != null;
  }

  /** Marks the flow as a replay. */
  public void setReplay(ReplayKind replay) {
    checkWritable();
    this.replay = replay;
  }

  /** The websocket data of an upgraded flow, or {@code null}. */
  public WebSocketData webSocket() {
    return webSocket;
  }

  /**
   * Attaches websocket data. The engine does this on a successful upgrade; a hook that answers a
   * websocket upgrade with a 101 itself (server replay) attaches a recording here, and the engine
   * plays its server messages to the client, then its close if the server closed.
   */
  public void setWebSocket(WebSocketData webSocket) {
    checkWritable();
    this.webSocket = webSocket;
  }

  /** Free-form metadata that tools keep with the flow (mitmproxy's {@code metadata}); writable on a live flow. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** Whether this is a read-only snapshot. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * An independent, read-only copy of the flow as it is now, safe to keep and to read from any
   * thread: every setter of the copy, its messages and headers throws
   * {@link IllegalStateException}. Attribute values are shared, so keep them immutable.
   */
  public HttpFlow snapshot() {
    HttpFlow copy = new HttpFlow(id, timestampCreated, client, request.readOnlyCopy(),
        Collections.unmodifiableMap(new HashMap<>(attributes)),
        Collections.unmodifiableMap(new LinkedHashMap<>(metadata)), true);
    copy.server = server;
    copy.response = response == null ? null : response.readOnlyCopy();
    copy.error = error;
    copy.killed = killed;
    copy.marker = marker;
    copy.comment = comment;
    copy.replay = replay;
    copy.webSocket = webSocket == null ? null : webSocket.readOnlyCopy();
    return copy;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("flow " + id + " is a read-only snapshot");
    }
  }

  @Override
  public String toString() {
    return "HttpFlow[" + request + (response == null ? "" : " -> " + response.statusCode())
        + (error == null ? "" : " error " + error.kind()) + "]";
  }
}
