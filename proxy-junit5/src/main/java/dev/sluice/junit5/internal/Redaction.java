package dev.sluice.junit5.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import java.util.List;

/** Copies of flows with the values of some headers replaced, for cassettes that get committed. */
public final class Redaction {

  /** What a redacted header value becomes. */
  public static final String REDACTED = "REDACTED";

  private Redaction() {}

  /**
   * A copy of {@code flow} in which every value
   * of the headers named in {@code names}, in requests and responses, is {@value #REDACTED};
   * {@code flow} itself is unchanged. With no names, {@code flow} itself.
   */
  public static Flow of(Flow flow, List<String> names) {
    if (names.isEmpty()) {
      return flow;
    }
    HttpRequest request = flow.request().newBuilder().build();
    redact(request.headers(), names);
    Flow.Builder copy = flow.newBuilder().request(request);
    if (flow.hasResponse()) {
      HttpResponse response = flow.response().newBuilder().build();
      redact(response.headers(), names);
      copy.response(response);
    }
    return copy.build();
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
