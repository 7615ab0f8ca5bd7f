package dev.sluice.cli.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Response;
import dev.sluice.api.internal.Hosts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints one line per finished flow, as mitmdump does:
 * {@code 127.0.0.1:50312 GET http://example.com/ << 200 OK 1.2k 35ms}, with {@code [replay]} in
 * place of the client for requests sent by client replay; {@link #print(Flow)} prints a stored
 * flow the same way. The URL is where the request went; with {@code showHost} (mitmproxy's
 * {@code showhost}) it is built from the {@code Host} header instead.
 */
public final class FlowLinePrinter implements FlowHook {

  private final PrintStream out;
  private final boolean showHost;

  public FlowLinePrinter(PrintStream out, boolean showHost) {
    this.out = out;
    this.showHost = showHost;
  }

  @Override
  public void response(HttpFlow flow) {
    printResponse(flow, Instant.now());
  }

  @Override
  public void error(HttpFlow flow) {
    printError(flow, Instant.now());
  }

  /**
   * Prints the line of a flow in any state, such as one read from a file, timed by its own
   * timestamps.
   */
  public void print(Flow flow) {
    if (flow.hasResponse()) {
      printResponse(flow, flow.response().timestampEnd());
    } else if (flow.error() != null) {
      printError(flow, flow.error().timestamp());
    } else {
      printLine(flow, "no response");
    }
  }

  private void printResponse(Flow flow, Instant end) {
    Response response = flow.response();
    String reason = response.reason().isEmpty() ? "" : " " + response.reason();
    String size = response.isStreamed() ? "(streamed)" : ByteSizes.format(response.rawContentLength());
    printLine(flow, response.statusCode() + reason + " " + size + elapsed(flow, end));
  }

  private void printError(Flow flow, Instant end) {
    printLine(flow, "error: " + flow.error().message() + elapsed(flow, end));
  }

  @Override
  public String name() {
    return "flow-line-printer";
  }

  private void printLine(Flow flow, String outcome) {
    String from = flow.replay() == ReplayKind.REQUEST ? "[replay]" : Hosts.withPort(flow.client().peer());
    String url = showHost ? flow.request().prettyUrl() : flow.request().url();
    String line = from + " " + flow.request().method() + " " + url + " << " + outcome;
    synchronized (out) {
      out.println(line);
    }
  }


  /** " 35ms": from the request's start to {@code end}; empty when the end is not known. */
  private static String elapsed(Flow flow, Instant end) {
    if (end == null) {
      return "";
    }
    return " " + Duration.between(flow.request().timestampStart(), end).toMillis() + "ms";
  }
}
