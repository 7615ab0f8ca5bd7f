package dev.sluice.replay.internal.har;

import dev.sluice.api.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/** Bodies as HAR text: the charset a message declares, and whether bytes are better shown as base64. */
final class HarText {

  private HarText() {}

  /** The charset of {@code Content-Type}, or UTF-8. */
  static Charset charset(Headers headers) {
    String type = headers.get("Content-Type");
    if (type != null) {
      for (String parameter : type.split(";")) {
        String p = parameter.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").trim());
          } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
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
