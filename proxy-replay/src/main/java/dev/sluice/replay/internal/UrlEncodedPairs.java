package dev.sluice.replay.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Name and value pairs of a query string or an {@code application/x-www-form-urlencoded} body,
 * decoded as Python's {@code parse_qsl(..., keep_blank_values=True)} decodes them.
 */
public final class UrlEncodedPairs {

  private UrlEncodedPairs() {}

  /** The pairs of {@code encoded}, in order; empty items are skipped, a missing value is {@code ""}. */
  public static List<Map.Entry<String, String>> parse(String encoded) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      pairs.add(Map.entry(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1))));
    }
    return pairs;
  }

  /** {@code s} percent- and plus-decoded as UTF-8, or as given when its escapes are malformed. */
  public static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
