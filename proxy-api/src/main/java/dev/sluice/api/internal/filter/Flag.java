package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;
import dev.sluice.api.ReplayKind;
import java.util.function.Predicate;

/** The operators that take no argument, by their mitmproxy code. */
enum Flag {
  ALL("all", flow -> true),
  /** No response yet: a request in flight, or one that failed before its response. */
  REQUEST("q", flow -> !flow.hasResponse()),
  RESPONSE("s", Flow::hasResponse),
  ERROR("e", flow -> flow.error() != null),
  HTTP("http", flow -> true),
  WEBSOCKET("websocket", flow -> flow.webSocket() != null),
  TCP("tcp", flow -> false),
  UDP("udp", flow -> false),
  DNS("dns", flow -> false),
  MARKED("marked", Flow::isMarked),
  REPLAY("replay", Flow::isReplay),
  REPLAY_REQUEST("replayq", flow -> flow.replay() == ReplayKind.REQUEST),
  REPLAY_RESPONSE("replays", flow -> flow.replay() == ReplayKind.RESPONSE),
  /** The response is CSS, JavaScript, an image or a font (by its {@code Content-Type}). */
  ASSET("a", FlowText::isAsset);

  private final String code;
  private final Predicate<Flow> test;

  Flag(String code, Predicate<Flow> test) {
    this.code = code;
    this.test = test;
  }

  String code() {
    return code;
  }

  boolean test(Flow flow) {
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
