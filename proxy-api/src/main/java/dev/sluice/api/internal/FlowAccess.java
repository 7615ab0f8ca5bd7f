package dev.sluice.api.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowError;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcMessage;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpMessage;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import java.lang.invoke.MethodHandles;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What only the engine and the replayers may do to a live flow: create it and record its server
 * connection, error, replay mark, websocket and end times. The model's own package implements it;
 * {@code module-info} exports this package to Sluice's modules alone, so hooks cannot forge any
 * of it.
 */
public abstract class FlowAccess {

  private static volatile FlowAccess instance;

  /** The implementation, installed by {@link HttpFlow} when it is initialised. */
  public static FlowAccess get() {
    FlowAccess access = instance;
    if (access == null) {
      try {
        MethodHandles.lookup().ensureInitialized(HttpFlow.class);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot initialise HttpFlow", e);
      }
      access = instance;
    }
    return access;
  }

  /**
   * Installs the implementation; only the model's package does, once.
   *
   * @throws IllegalStateException when one is installed already
   */
  public static synchronized void install(FlowAccess access) {
    if (instance != null) {
      throw new IllegalStateException("FlowAccess is installed already");
    }
    instance = access;
  }

  /** A new live flow for {@code request}, received on {@code client}. */
  public abstract HttpFlow newFlow(ClientConnection client, HttpRequest request);

  /** Records the upstream connection. */
  public abstract void setServer(HttpFlow flow, ServerConnection server);

  /** Records why the flow failed (before the {@code error} event). */
  public abstract void setError(HttpFlow flow, FlowError error);

  /** Marks the flow as a replay. */
  public abstract void setReplay(HttpFlow flow, ReplayKind replay);

  /** Attaches the websocket data of an upgraded flow, or removes it with {@code null}. */
  public abstract void setWebSocket(HttpFlow flow, WebSocketData webSocket);

  /** Records when a message was complete. */
  public abstract void setTimestampEnd(HttpMessage message, Instant timestampEnd);

  /**
   * Takes {@code raw} as the body received for {@code message}, not copied: the caller hands the
   * array over and never writes to it again. The header fields stay as they came over the wire.
   */
  public abstract void setReceivedContent(HttpMessage message, byte[] raw);

  /**
   * The raw body of {@code message} itself, not a copy, for writing it out: the caller must not
   * change it (the model never changes it in place either: its setters replace the array).
   */
  public abstract byte[] rawContentShared(HttpMessage message);

  /**
   * The websocket data of a live connection: it keeps at most {@code messageLimit} messages, and
   * {@link WebSocketData#inject} hands messages to {@code injector}, from any thread.
   */
  public abstract WebSocketData liveWebSocket(int messageLimit, Consumer<WebSocketMessage> injector);

  /** Records a message of a live websocket. */
  public abstract void addMessage(WebSocketData webSocket, WebSocketMessage message);

  /**
   * The gRPC call of a live flow (attached to it): it keeps at most {@code messageLimit} messages,
   * and {@link GrpcCall#inject} hands messages to {@code injector}.
   */
  public abstract GrpcCall startGrpc(HttpFlow flow, int messageLimit, Consumer<GrpcMessage> injector);

  /** Records a message of a live gRPC call. */
  public abstract void addMessage(GrpcCall call, GrpcMessage message);

  /** Records how a live websocket closed. */
  public abstract void setClosed(WebSocketData webSocket, boolean byClient, int code, String reason);
}
