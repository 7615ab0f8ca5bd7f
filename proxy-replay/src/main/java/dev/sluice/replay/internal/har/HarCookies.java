package dev.sluice.replay.internal.har;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Headers;
import java.util.Locale;

/** HAR cookie lists: from {@code Cookie} request headers and {@code Set-Cookie} response headers. */
final class HarCookies {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HarCookies() {}

  /** One {@code {name, value}} per pair of every {@code Cookie} header. */
  static ArrayNode requestCookies(Headers headers) {
    ArrayNode cookies = NODES.arrayNode();
    for (String header : headers.getAll("Cookie")) {
      for (String pair : header.split(";")) {
        String p = pair.trim();
        if (!p.isEmpty()) {
          int eq = p.indexOf('=');
          cookies.addObject().put("name", eq < 0 ? p : p.substring(0, eq).trim())
              .put("value", HarExporter.utf8(eq < 0 ? "" : p.substring(eq + 1).trim()));
        }
      }
    }
    return cookies;
  }

  /**
   * One cookie per {@code Set-Cookie} header, with its path ({@code /} when absent), domain,
   * {@code httpOnly}, {@code secure} and {@code sameSite} when given.
   */
  static ArrayNode responseCookies(Headers headers) {
    ArrayNode cookies = NODES.arrayNode();
    for (String header : headers.getAll("Set-Cookie")) {
      String[] parts = header.split(";");
      int eq = parts[0].indexOf('=');
      if (eq <= 0) {
        continue;
      }
      ObjectNode cookie = cookies.addObject()
          .put("name", parts[0].substring(0, eq).trim())
          .put("value", HarExporter.utf8(parts[0].substring(eq + 1).trim()))
          .put("path", "/")
          .put("domain", "")
          .put("httpOnly", false)
          .put("secure", false);
      for (int i = 1; i < parts.length; i++) {
        String attribute = parts[i].trim();
        int aeq = attribute.indexOf('=');
        String name = (aeq < 0 ? attribute : attribute.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
        String value = aeq < 0 ? "" : attribute.substring(aeq + 1).trim();
        switch (name) {
          case "path" -> cookie.put("path", value);
          case "domain" -> cookie.put("domain", value);
          case "httponly" -> cookie.put("httpOnly", true);
          case "secure" -> cookie.put("secure", true);
          case "samesite" -> cookie.put("sameSite", value);
          default -> { }
        }
      }
    }
    return cookies;
  }
}
