package dev.sluice.junit5.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import java.util.Locale;

/** One-line descriptions of flows and requests for failure messages. */
public final class FlowDescriptions {

  private FlowDescriptions() {}

  /** {@code GET https://host/path -> 200 (upstream, 12 bytes)} or {@code ... -> error KILLED: reason}. */
  public static String line(Flow flow) {
    StringBuilder line = new StringBuilder(request(flow.request()));
    if (flow.hasResponse()) {
      line.append(" -> ").append(flow.response().statusCode()).append(" (")
          .append(flow.response().source().toString().toLowerCase(Locale.ROOT));
      if (!flow.response().isStreamed()) {
        line.append(", ").append(flow.response().rawContentLength()).append(" bytes");
      }
      line.append(')');
    }
    if (flow.error() != null) {
      line.append(" -> error ").append(flow.error().kind()).append(": ").append(flow.error().message());
    }
    return line.toString();
  }

  /** {@code POST https://host/path (12 bytes)}. */
  public static String request(Request request) {
    String text = request.method() + " " + request.prettyUrl();
    if (request.isStreamed()) {
      return text;
    }
    int length = request.rawContentLength();
    return length == 0 ? text : text + " (" + length + " bytes)";
  }
}
