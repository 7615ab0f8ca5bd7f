package dev.sluice.cli.internal;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints one line per finished flow, as mitmdump does:
 * {@code 127.0.0.1:50312 GET http://example.com/ << 200 OK 1.2k 35ms}.
 */
public final class FlowLinePrinter implements FlowHook {

  private final PrintStream out;

  public FlowLinePrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void response(HttpFlow flow) {
    HttpResponse response = flow.response();
    String reason = response.reason().isEmpty() ? "" : " " + response.reason();
    String size = response.isStreamed() ? "(streamed)" : ByteSizes.format(response.rawContentLength());
    print(flow, response.statusCode() + reason + " " + size + " " + elapsed(flow));
  }

  @Override
  public void error(HttpFlow flow) {
    print(flow, "error: " + flow.error().message() + " " + elapsed(flow));
  }

  @Override
  public String name() {
    return "flow-line-printer";
  }

  private void print(HttpFlow flow, String outcome) {
    String line = client(flow.client().peer()) + " " + flow.request().method() + " " + flow.request().prettyUrl()
        + " << " + outcome;
    synchronized (out) {
      out.println(line);
    }
  }

  private static String client(InetSocketAddress peer) {
    String host = peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + peer.getPort();
  }

  private static String elapsed(HttpFlow flow) {
    long ms = Duration.between(flow.request().timestampStart(), Instant.now()).toMillis();
    return ms + "ms";
  }
}
