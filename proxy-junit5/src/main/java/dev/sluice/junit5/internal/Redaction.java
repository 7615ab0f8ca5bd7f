package dev.sluice.junit5.internal;

import dev.sluice.api.Headers;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import java.util.List;

/** Copies of flows with the values of some headers replaced, for cassettes that get committed. */
public final class Redaction {

  /** What a redacted header value becomes. */
  public static final String REDACTED = "REDACTED";

  private Redaction() {}

  /**
   * A copy of {@code flow} (request, response, error, upstream connection) in which every value
   * of the headers named in {@code names}, in requests and responses, is {@value #REDACTED};
   * {@code flow} itself is unchanged. With no names, {@code flow} itself.
   */
  public static HttpFlow of(HttpFlow flow, List<String> names) {
    if (names.isEmpty()) {
      return flow;
    }
    HttpFlow copy = HttpFlow.restore(flow.id(), flow.timestampCreated(), flow.client(),
        flow.request().newBuilder().build());
    redact(copy.request().headers(), names);
    if (flow.hasResponse()) {
      HttpResponse response = flow.response().newBuilder().build();
      redact(response.headers(), names);
      copy.respond(response);
    }
    copy.setServer(flow.server());
    copy.setError(flow.error());
    copy.setWebSocket(flow.webSocket());
    return copy;
  }

  private static void redact(Headers headers, List<String> names) {
    for (String name : names) {
      int count = headers.getAll(name).size();
      if (count > 0) {
        headers.remove(name);
        for (int i = 0; i < count; i++) {
          headers.add(name, REDACTED);
        }
      }
    }
  }
}
