package dev.sluice.replay.internal.har;

import dev.sluice.api.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bodies as HAR text: the charset of a body, and whether bytes are better shown as base64. */
final class HarText {

  private HarText() {}

  /**
   * The charset of a body, inferred as mitmproxy infers it: a byte order mark, else the
   * {@code charset} of {@code Content-Type}, else the declaration inside HTML or XML, else UTF-8
   * for JSON, HTML, XML, JavaScript and CSS, else ISO-8859-1 (which keeps every byte).
   */
  static Charset charset(Headers headers, byte[] content) {
    String type = headers.get("Content-Type");
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    String name = bomCharset(content);
    if (name == null) {
      name = parameter(t);
    }
    if (name == null && (t.contains("html") || t.contains("xml"))) {
      Matcher declared = (t.contains("html") ? META : XML).matcher(new String(content, 0,
          Math.min(content.length, 4096), StandardCharsets.ISO_8859_1));
      name = declared.find() ? declared.group(1) : null;
    }
    if (name == null && (t.contains("json") || t.contains("html") || t.contains("xml") || t.contains("javascript")
        || t.contains("ecmascript") || t.contains("text/css"))) {
      name = "UTF-8";
    }
    if (name == null) {
      return StandardCharsets.ISO_8859_1;
    }
    if (name.equalsIgnoreCase("gb2312") || name.equalsIgnoreCase("gbk")) {
      name = "GB18030";
    }
    try {
      return Charset.forName(name.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** {@code text} in {@code charset}, or in UTF-8 when that charset cannot hold it (as mitmproxy falls back). */
  static byte[] encode(String text, Charset charset) {
    return charset.newEncoder().canEncode(text) ? text.getBytes(charset) : text.getBytes(StandardCharsets.UTF_8);
  }

  private static final Pattern META = Pattern.compile("<meta[^>]+charset=['\"]?([^'\">]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern XML = Pattern.compile("<\\?xml[^?>]+encoding=['\"]([^'\"?>]+)", Pattern.CASE_INSENSITIVE);

  private static String bomCharset(byte[] c) {
    if (c.length >= 4 && c[0] == 0 && c[1] == 0 && (c[2] & 0xff) == 0xfe && (c[3] & 0xff) == 0xff) {
      return "UTF-32BE";
    } else if (c.length >= 4 && (c[0] & 0xff) == 0xff && (c[1] & 0xff) == 0xfe && c[2] == 0 && c[3] == 0) {
      return "UTF-32LE";
    } else if (c.length >= 2 && (c[0] & 0xff) == 0xfe && (c[1] & 0xff) == 0xff) {
      return "UTF-16BE";
    } else if (c.length >= 2 && (c[0] & 0xff) == 0xff && (c[1] & 0xff) == 0xfe) {
      return "UTF-16LE";
    } else if (c.length >= 3 && (c[0] & 0xff) == 0xef && (c[1] & 0xff) == 0xbb && (c[2] & 0xff) == 0xbf) {
      return "UTF-8";
    }
    return null;
  }

  private static String parameter(String contentType) {
    for (String parameter : contentType.split(";")) {
      String p = parameter.trim();
      if (p.startsWith("charset=")) {
        return p.substring(8).replace("\"", "").trim();
      }
    }
    return null;
  }

  /**
   * Whether {@code content} is binary rather than text, judged on its first hundred bytes as
   * mitmproxy judges it: mostly printable ASCII is text, and so is valid UTF-8 with few control
   * characters.
   */
  static boolean isMostlyBinary(byte[] content) {
    if (content.length == 0) {
      return false;
    }
    int length = content.length;
    if (length > 100) {
      length = 100;
      for (int cut = 100; cut < Math.min(104, content.length); cut++) {
        if ((content[cut] & 0xc0) != 0x80) {
          length = cut;
          break;
        }
      }
    }
    int low = 0;
    int high = 0;
    for (int i = 0; i < length; i++) {
      int c = content[i] & 0xff;
      if (c < 9 || c > 13 && c < 32) {
        low++;
      } else if (c > 126) {
        high++;
      }
    }
    int ascii = length - low - high;
    if ((double) ascii / length > 0.7) {
      return false;
    }
    if ((double) (ascii + high) / length > 0.95) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content, 0, length));
        return false;
      } catch (CharacterCodingException e) {
        return true;
      }
    }
    return true;
  }
}
