package dev.sluice.api;

import dev.sluice.api.internal.Ids;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange to read: a request, and a response or an error. It is what keepers hold, the
 * flow log, recordings and replays: {@link HttpFlow#snapshot()}, the JUnit extension's
 * {@code flows()}, {@code FlowReader} and {@code ServerReplay} give flows of this type, which are
 * immutable and safe to read from any thread. A hook gets the live {@link HttpFlow}, which is a
 * {@code Flow} too and which it may change.
 *
 * <pre>{@code
 * Flow flow = proxy.takeFlow();
 * assertThat(flow.request().url()).isEqualTo("https://api.example.com/hi");
 * assertThat(flow.response().statusCode()).isEqualTo(200);
 *
 * Flow restored = Flow.builder()                      // a recorded flow, for a replay or a test
 *     .client(ClientConnection.of(clientAddress, proxyAddress))
 *     .request(Request.builder().url("http://example.com/").build())
 *     .response(Response.of(200, "text/plain", "hello"))
 *     .build();
 * }</pre>
 */
public sealed interface Flow permits HttpFlow, RecordedFlow {

  /** A builder for an immutable flow: a recorded one, restored from storage or made for a test. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * An immutable flow with {@code flow}'s values: {@code flow} itself when it is immutable already,
   * else its {@linkplain HttpFlow#snapshot() snapshot}.
   */
  static Flow copyOf(Flow flow) {
    return Objects.requireNonNull(flow, "flow") instanceof HttpFlow live ? live.snapshot() : flow;
  }

  /** A unique id. */
  String id();

  /** When the flow was created. */
  Instant timestampCreated();

  /** The client connection the request came on. */
  ClientConnection client();

  /** The upstream connection, or {@code null} when none was opened. */
  ServerConnection server();

  /** The request. */
  Request request();

  /** The response, or {@code null} when there is none. */
  Response response();

  /** Whether there is a response. */
  default boolean hasResponse() {
    return response() != null;
  }

  /** Why the flow failed, or {@code null}. */
  FlowError error();

  /** Whether a hook killed the flow. */
  boolean isKilled();

  /** The marker (mitmproxy's {@code marked}): empty when unmarked, else a short label such as an emoji. */
  String marker();

  /** Whether the flow is marked. */
  default boolean isMarked() {
    return !marker().isEmpty();
  }

  /** A free-text comment (empty when none). */
  String comment();

  /** What part of the flow is a replay, or {@code null} for a live flow. */
  ReplayKind replay();

  /** Whether any part of the flow is a replay. */
  default boolean isReplay() {
    return replay() != null;
  }

  /** The websocket data of an upgraded flow, or {@code null}. */
  WebSocketData webSocket();

  /** The value of {@code key}, or {@code null} when unset. */
  <T> T attribute(FlowAttribute<T> key);

  /** Free-form metadata that tools keep with the flow (mitmproxy's {@code metadata}); read-only in a kept flow. */
  Map<String, Object> metadata();

  /** A builder holding this flow's values, to make an immutable variant of it (a redacted copy, say). */
  default Builder newBuilder() {
    return new Builder().from(this);
  }

  /**
   * Builds an immutable {@link Flow}. A client and a request are required; the id defaults to a
   * new one and the creation time to now. Messages and websocket data are copied as given, so
   * later changes to them do not reach the flow.
   *
   * <pre>{@code
   * Flow failed = Flow.builder().client(client).request(request)
   *     .error(FlowError.of(FlowError.Kind.CONNECT_FAILED, "down.test: connection refused"))
   *     .build();
   * }</pre>
   */
  final class Builder {
    String id;
    Instant timestampCreated;
    ClientConnection client;
    ServerConnection server;
    Request request;
    Response response;
    FlowError error;
    boolean killed;
    String marker = "";
    String comment = "";
    ReplayKind replay;
    WebSocketData webSocket;
    final Map<FlowAttribute<?>, Object> attributes = new IdentityHashMap<>();
    final Map<String, Object> metadata = new LinkedHashMap<>();

    Builder() {}

    Builder from(Flow flow) {
      id = flow.id();
      timestampCreated = flow.timestampCreated();
      client = flow.client();
      server = flow.server();
      request = flow.request();
      response = flow.response();
      error = flow.error();
      killed = flow.isKilled();
      marker = flow.marker();
      comment = flow.comment();
      replay = flow.replay();
      webSocket = flow.webSocket();
      attributes.putAll(flow instanceof HttpFlow live ? live.attributeMap() : ((RecordedFlow) flow).attributeMap());
      metadata.putAll(flow.metadata());
      return this;
    }

    /** The id (a new random one unless set). */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** When the flow was created (now unless set). */
    public Builder timestampCreated(Instant timestampCreated) {
      this.timestampCreated = Objects.requireNonNull(timestampCreated, "timestampCreated");
      return this;
    }

    /** The client connection the request came on (required). */
    public Builder client(ClientConnection client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The upstream connection, or {@code null} for none. */
    public Builder server(ServerConnection server) {
      this.server = server;
      return this;
    }

    /** The request (required). */
    public Builder request(Request request) {
      this.request = Objects.requireNonNull(request, "request");
      return this;
    }

    /** The response, or {@code null} for none. */
    public Builder response(Response response) {
      this.response = response;
      return this;
    }

    /** Why the flow failed, or {@code null}. */
    public Builder error(FlowError error) {
      this.error = error;
      return this;
    }

    /** Whether a hook killed the flow. */
    public Builder killed(boolean killed) {
      this.killed = killed;
      return this;
    }

    /** The marker; empty for none. */
    public Builder marker(String marker) {
      this.marker = Objects.requireNonNull(marker, "marker");
      return this;
    }

    /** The comment; empty for none. */
    public Builder comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      return this;
    }

    /** What part of the flow is a replay, or {@code null} for none. */
    public Builder replay(ReplayKind replay) {
      this.replay = replay;
      return this;
    }

    /** The websocket data of an upgraded flow (see {@link WebSocketData#builder()}), or {@code null}. */
    public Builder webSocket(WebSocketData webSocket) {
      this.webSocket = webSocket;
      return this;
    }

    /** Sets attribute {@code key}; keep the value immutable. */
    public <T> Builder attribute(FlowAttribute<T> key, T value) {
      attributes.put(Objects.requireNonNull(key, "key"), key.cast(Objects.requireNonNull(value, "value")));
      return this;
    }

    /** Adds one metadata entry (its value may be {@code null}, as JSON null). */
    public Builder metadata(String key, Object value) {
      metadata.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Replaces the metadata with {@code metadata}'s entries. */
    public Builder metadata(Map<String, Object> metadata) {
      this.metadata.clear();
      metadata.forEach(this::metadata);
      return this;
    }

    /**
     * The flow.
     *
     * @throws IllegalStateException naming the part when the client or the request is missing
     */
    public Flow build() {
      if (client == null) {
        throw new IllegalStateException("client: a flow needs the client connection its request came on");
      }
      if (request == null) {
        throw new IllegalStateException("request: a flow needs a request");
      }
      return new RecordedFlow(this, id == null ? Ids.next() : id,
          timestampCreated == null ? Instant.now() : timestampCreated);
    }
  }
}
