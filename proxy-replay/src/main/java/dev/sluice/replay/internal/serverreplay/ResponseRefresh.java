package dev.sluice.replay.internal.serverreplay;

import dev.sluice.api.Headers;
import dev.sluice.api.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes a replayed response look fresh, as mitmproxy's {@code Response.refresh} does: the
 * {@code Date}, {@code Expires} and {@code Last-Modified} headers and each {@code Set-Cookie}'s
 * {@code expires} move forward by the time elapsed since the response was recorded. A header
 * whose date cannot be read is left alone; a cookie {@code expires} that cannot be read is
 * dropped (mitmproxy drops it too).
 */
public final class ResponseRefresh {

  private static final List<String> DATE_HEADERS = List.of("Date", "Expires", "Last-Modified");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private static final Pattern DASHED_DATE = Pattern.compile("(\\d{1,2})-([A-Za-z]{3})-(\\d{4})");

  private ResponseRefresh() {}

  /** Shifts the dates of {@code response} (writable) by the time between its recording and {@code now}. */
  public static void refresh(Response response, Instant now) {
    Duration delta = Duration.between(response.timestampStart(), now);
    Headers headers = response.headers();
    for (String name : DATE_HEADERS) {
      String value = headers.get(name);
      Instant date = value == null ? null : parse(value);
      if (date != null) {
        headers.set(name, HTTP_DATE.format(date.plus(delta)));
      }
    }
    List<String> cookies = headers.getAll("Set-Cookie");
    if (!cookies.isEmpty()) {
      List<String> refreshed = new ArrayList<>();
      for (String cookie : cookies) {
        refreshed.add(refreshCookie(cookie, delta));
      }
      headers.remove("Set-Cookie");
      refreshed.forEach(cookie -> headers.add("Set-Cookie", cookie));
    }
  }

  /** {@code setCookie} with its {@code expires} attribute shifted by {@code delta}, or dropped when unreadable. */
  static String refreshCookie(String setCookie, Duration delta) {
    String[] parts = setCookie.split(";", -1);
    int eq = parts[0].indexOf('=');
    if (eq <= 0 || parts[0].substring(eq + 1).isBlank()) {
      return setCookie;
    }
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int attrEq = part.indexOf('=');
      if (attrEq > 0 && part.substring(0, attrEq).trim().equalsIgnoreCase("expires")) {
        Instant expires = parse(part.substring(attrEq + 1));
        if (expires == null) {
          continue;
        }
        part = part.substring(0, attrEq + 1) + HTTP_DATE.format(expires.plus(delta));
      }
      out.append(';').append(part);
    }
    return out.toString();
  }

  /** An HTTP or cookie date ({@code Sun, 06 Nov 1994 08:49:37 GMT}, dashes allowed), or {@code null}. */
  static Instant parse(String value) {
    String text = DASHED_DATE.matcher(value.trim()).replaceFirst("$1 $2 $3").replaceAll("\\s+", " ");
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
