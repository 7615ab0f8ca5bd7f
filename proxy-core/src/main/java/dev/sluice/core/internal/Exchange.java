package dev.sluice.core.internal;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import java.util.concurrent.ScheduledFuture;

/** The state of the one flow a client session is working on. Touched on the event loop only. */
final class Exchange {

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
    /** Finished, failed or turned into a tunnel. */
    DONE
  }

  /** What happens to request body chunks. */
  enum Sink { AGGREGATE, STREAM, DISCARD }

  final HttpFlow flow;
  boolean keepAlive;
  final boolean connect;
  final String clientVersion;

  Phase phase = Phase.WAITING;
  Sink requestSink = Sink.AGGREGATE;
  BodyBuffer requestBody;
  /** What was buffered of a request body before it switched to streaming: it goes upstream after the head. */
  byte[] requestPrefix;
  BodyBuffer responseBody;
  HttpResponse received;
  UpstreamConnection upstream;
  boolean requestComplete;
  boolean upstreamReusable;
  boolean skippingInterim;
  boolean responseStarted;
  HttpResponse errorAnswer;
  ScheduledFuture<?> timeout;
  /** Whether the request asks to upgrade to a websocket. */
  boolean webSocketRequest;
  /** The websocket to start once the upstream's 101 reaches the client, or null. */
  WebSocketRelay webSocket;

  Exchange(HttpFlow flow, boolean keepAlive, boolean connect) {
    this.flow = flow;
    this.keepAlive = keepAlive;
    this.connect = connect;
    this.clientVersion = flow.request().httpVersion();
  }

  /** Whether a response to this request never has a body. */
  boolean bodyless(int status) {
    return Messages.isBodyless(flow.request().method(), status);
  }

  void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
