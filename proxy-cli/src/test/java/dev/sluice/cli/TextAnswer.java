package dev.sluice.cli;

import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;

/**
 * An origin's answer for the JDK's {@code HttpServer}: 200 with a fixed text body.
 *
 * <pre>{@code
 * origin.createContext("/", TextAnswer.of("ok"));
 * }</pre>
 */
final class TextAnswer {

  private TextAnswer() {}

  /** Answers every request with 200 and {@code text}. */
  static HttpHandler of(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    };
  }
}
