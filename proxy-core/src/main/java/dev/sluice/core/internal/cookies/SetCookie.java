package dev.sluice.core.internal.cookies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One cookie of a {@code Set-Cookie} field, parsed as RFC 6265 section 5.2 says. A field that
 * holds several cookies joined by commas (some servers fold them) is split first.
 */
record SetCookie(String name, String value, String domain, String path, Long maxAgeSeconds, Instant expires,
    boolean secure) {

  /** A comma that starts another cookie: followed by a token and '=' (an Expires date never is). */
  private static final Pattern FOLDED = Pattern.compile(",(?=\\s*[!#$%&'*+\\-.^_`|~0-9A-Za-z]+=)");

  /** Every valid cookie in one {@code Set-Cookie} field value; invalid ones are skipped, as browsers do. */
  static List<SetCookie> parseAll(String fieldValue) {
    List<SetCookie> cookies = new ArrayList<>(1);
    for (String part : FOLDED.split(fieldValue)) {
      SetCookie cookie = parse(part);
      if (cookie != null) {
        cookies.add(cookie);
      }
    }
    return cookies;
  }

  static SetCookie parse(String text) {
    String[] parts = text.split(";", -1);
    int eq = parts[0].indexOf('=');
    if (eq < 0) {
      return null;
    }
    String name = parts[0].substring(0, eq).trim();
    String value = parts[0].substring(eq + 1).trim();
    if (name.isEmpty()) {
      return null;
    }
    String domain = null;
    String path = null;
    Long maxAge = null;
    Instant expires = null;
    boolean secure = false;
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i];
      int aeq = attribute.indexOf('=');
      String key = (aeq < 0 ? attribute : attribute.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
      String val = aeq < 0 ? "" : attribute.substring(aeq + 1).trim();
      switch (key) {
        case "domain" -> {
          if (!val.isEmpty()) {
            domain = (val.startsWith(".") ? val.substring(1) : val).toLowerCase(Locale.ROOT);
          }
        }
        case "path" -> path = val.startsWith("/") ? val : null;
        case "max-age" -> {
          if (val.matches("-?\\d+")) {
            try {
              maxAge = Long.parseLong(val);
            } catch (NumberFormatException e) {
              maxAge = val.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
          }
        }
        case "expires" -> {
          Instant parsed = CookieDate.parse(val);
          if (parsed != null) {
            expires = parsed;
          }
        }
        case "secure" -> secure = true;
        default -> {
          // HttpOnly, SameSite and unknown attributes do not affect what the proxy sends.
        }
      }
    }
    return new SetCookie(name, value, domain, path, maxAge, expires, secure);
  }

  /** When the cookie expires (Max-Age wins over Expires), or {@code null} for a session cookie. */
  Instant expiry(Instant now) {
    if (maxAgeSeconds != null) {
      if (maxAgeSeconds <= 0) {
        return Instant.MIN;
      }
      long capped = Math.min(maxAgeSeconds, 400L * 24 * 3600);
      return now.plusSeconds(capped);
    }
    return expires;
  }
}
