package dev.sluice.api.internal.filter;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.ReplayKind;
import java.util.function.Predicate;

/** The operators that take no argument, by their mitmproxy code. */
enum Flag {
  ALL("all", flow -> true),
  /** No response yet: a request in flight, or one that failed before its response. */
  REQUEST("q", flow -> !flow.hasResponse()),
  RESPONSE("s", HttpFlow::hasResponse),
  ERROR("e", flow -> flow.error() != null),
  HTTP("http", flow -> true),
  WEBSOCKET("websocket", flow -> flow.webSocket() != null),
  TCP("tcp", flow -> false),
  UDP("udp", flow -> false),
  DNS("dns", flow -> false),
  MARKED("marked", HttpFlow::isMarked),
  REPLAY("replay", HttpFlow::isReplay),
  REPLAY_REQUEST("replayq", flow -> flow.replay() == ReplayKind.REQUEST),
  REPLAY_RESPONSE("replays", flow -> flow.replay() == ReplayKind.RESPONSE),
  /** The response is CSS, JavaScript, an image or a font (by its {@code Content-Type}). */
  ASSET("a", FlowText::isAsset);

  private final String code;
  private final Predicate<HttpFlow> test;

  Flag(String code, Predicate<HttpFlow> test) {
    this.code = code;
    this.test = test;
  }

  String code() {
    return code;
  }

  boolean test(HttpFlow flow) {
    return test.test(flow);
  }

  /** The flag called {@code code}, or {@code null}. */
  static Flag byCode(String code) {
    for (Flag flag : values()) {
      if (flag.code.equals(code)) {
        return flag;
      }
    }
    return null;
  }
}
