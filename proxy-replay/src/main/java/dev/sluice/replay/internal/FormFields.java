package dev.sluice.replay.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fields of a {@code multipart/form-data} body, and the boundary its {@code Content-Type} names. */
public final class FormFields {

  private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name\\s*=\\s*(\"([^\"]*)\"|[^;\\s]*)");

  private FormFields() {}

  /** The {@code boundary} parameter of a {@code Content-Type} value, unquoted, or {@code null}. */
  public static String boundary(String contentType) {
    for (String parameter : contentType.split(";")) {
      String p = parameter.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        return p.substring(9).replace("\"", "");
      }
    }
    return null;
  }

  /**
   * The named parts of a multipart body, in order: each part's {@code Content-Disposition} name and
   * its bytes. Parts without a name, and anything before the first or after the last delimiter, are
   * left out; a body that is not multipart gives no fields.
   */
  public static List<Map.Entry<String, byte[]>> multipart(byte[] body, String boundary) {
    List<Map.Entry<String, byte[]>> fields = new ArrayList<>();
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int partStart = at + delimiter.length;
      if (startsWith(body, partStart, "--")) {
        break;
      }
      int next = indexOf(body, delimiter, partStart);
      if (next < 0) {
        break;
      }
      addField(fields, body, skipLineEnd(body, partStart), trimLineEnd(body, partStart, next));
      at = next;
    }
    return fields;
  }

  private static void addField(List<Map.Entry<String, byte[]>> fields, byte[] body, int from, int to) {
    int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
    if (headEnd < 0 || headEnd > to) {
      return;
    }
    String name = null;
    for (String line : new String(body, from, headEnd - from, StandardCharsets.UTF_8).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
        Matcher m = NAME.matcher(line.substring(colon + 1));
        if (m.find()) {
          name = m.group(2) != null ? m.group(2) : m.group(1);
        }
      }
    }
    if (name != null) {
      fields.add(Map.entry(name, Arrays.copyOfRange(body, headEnd + 4, to)));
    }
  }

  private static int skipLineEnd(byte[] body, int at) {
    return startsWith(body, at, "\r\n") ? at + 2 : at;
  }

  private static int trimLineEnd(byte[] body, int from, int to) {
    return to - 2 >= from && body[to - 2] == '\r' && body[to - 1] == '\n' ? to - 2 : to;
  }

  private static boolean startsWith(byte[] body, int at, String text) {
    return at + text.length() <= body.length
        && new String(body, at, text.length(), StandardCharsets.ISO_8859_1).equals(text);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
