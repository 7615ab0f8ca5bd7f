package dev.sluice.api;

import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The immutable {@link Flow}: what {@link Flow.Builder} and {@link HttpFlow#snapshot()} make. */
final class RecordedFlow implements Flow {

  private final String id;
  private final Instant timestampCreated;
  private final ClientConnection client;
  private final ServerConnection server;
  private final HttpRequest request;
  private final HttpResponse response;
  private final FlowError error;
  private final boolean killed;
  private final String marker;
  private final String comment;
  private final ReplayKind replay;
  private final WebSocketData webSocket;
  private final Map<FlowAttribute<?>, Object> attributes;
  private final Map<String, Object> metadata;

  RecordedFlow(Flow.Builder b, String id, Instant timestampCreated) {
    this.id = id;
    this.timestampCreated = timestampCreated;
    this.client = b.client;
    this.server = b.server;
    this.request = frozen((HttpRequest) b.request);
    this.response = b.response == null ? null : frozen((HttpResponse) b.response);
    this.error = b.error;
    this.killed = b.killed;
    this.marker = b.marker;
    this.comment = b.comment;
    this.replay = b.replay;
    this.webSocket = b.webSocket == null || b.webSocket.isReadOnly() ? b.webSocket : b.webSocket.readOnlyCopy();
    this.attributes = Collections.unmodifiableMap(new IdentityHashMap<>(b.attributes));
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
  }

  private static HttpRequest frozen(HttpRequest request) {
    return request.isReadOnly() ? request : request.readOnlyCopy();
  }

  private static HttpResponse frozen(HttpResponse response) {
    return response.isReadOnly() ? response : response.readOnlyCopy();
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

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response response() {
    return response;
  }

  @Override
  public FlowError error() {
    return error;
  }

  @Override
  public boolean isKilled() {
    return killed;
  }

  @Override
  public String marker() {
    return marker;
  }

  @Override
  public String comment() {
    return comment;
  }

  @Override
  public ReplayKind replay() {
    return replay;
  }

  @Override
  public WebSocketData webSocket() {
    return webSocket;
  }

  @Override
  public <T> T attribute(FlowAttribute<T> key) {
    return key.cast(attributes.get(key));
  }

  Map<FlowAttribute<?>, Object> attributeMap() {
    return attributes;
  }

  @Override
  public Map<String, Object> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "Flow[" + request + (response == null ? "" : " -> " + response.statusCode())
        + (error == null ? "" : " error " + error.kind()) + "]";
  }
}
