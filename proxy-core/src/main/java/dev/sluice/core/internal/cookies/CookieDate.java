package dev.sluice.core.internal.cookies;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lenient cookie-date parser of RFC 6265 section 5.1.1 (it reads every date format seen in the wild). */
final class CookieDate {

  private static final Pattern DELIMITERS = Pattern.compile("[\\x09\\x20-\\x2f\\x3b-\\x40\\x5b-\\x60\\x7b-\\x7e]+");
  private static final Pattern TIME = Pattern.compile("^(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\D.*)?$");
  private static final Pattern DAY = Pattern.compile("^(\\d{1,2})(?:\\D.*)?$");
  private static final Pattern YEAR = Pattern.compile("^(\\d{2,4})(?:\\D.*)?$");
  private static final String MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec";

  private CookieDate() {}

  /** The instant {@code text} names, or {@code null} when it is not a cookie date. */
  static Instant parse(String text) {
    Integer hour = null;
    Integer minute = null;
    Integer second = null;
    Integer day = null;
    Integer month = null;
    Integer year = null;
    for (String token : DELIMITERS.split(text)) {
      if (token.isEmpty()) {
        continue;
      }
      Matcher m;
      if (hour == null && (m = TIME.matcher(token)).matches()) {
        hour = Integer.parseInt(m.group(1));
        minute = Integer.parseInt(m.group(2));
        second = Integer.parseInt(m.group(3));
      } else if (day == null && (m = DAY.matcher(token)).matches()) {
        day = Integer.parseInt(m.group(1));
      } else if (month == null && token.length() >= 3
          && MONTHS.contains(token.substring(0, 3).toLowerCase(Locale.ROOT))
          && token.substring(0, 3).chars().allMatch(Character::isLetter)) {
        month = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT)) / 4 + 1;
      } else if (year == null && (m = YEAR.matcher(token)).matches()) {
        year = Integer.parseInt(m.group(1));
      }
    }
    if (hour == null || day == null || month == null || year == null) {
      return null;
    }
    if (year >= 70 && year <= 99) {
      year += 1900;
    } else if (year >= 0 && year <= 69) {
      year += 2000;
    }
    if (year < 1601 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
