package dev.sluice.core.internal.spec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Backslash escapes in spec strings, read as mitmproxy reads them (Python's escape decoding):
 * {@code \n \r \t \\ \' \" \a \b \f \v}, {@code \xHH} and octal {@code \ooo}; an unknown escape
 * stays as written. Other characters become their UTF-8 bytes.
 */
public final class EscapedStrings {

  private EscapedStrings() {}

  /**
   * The bytes {@code text} stands for.
   *
   * @throws IllegalArgumentException naming the position of a truncated {@code \x} escape
   */
  public static byte[] toBytes(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 >= text.length()) {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '\\') {
          end++;
        }
        out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
        continue;
      }
      char e = text.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'v' -> out.write(11);
        case '\\', '\'', '"' -> out.write(e);
        case '\n' -> { }
        case 'x' -> {
          if (i + 2 > text.length() || !isHex(text.charAt(i)) || !isHex(text.charAt(i + 1))) {
            throw new IllegalArgumentException("invalid \\x escape at position " + (i - 2) + ": expected two hex digits");
          }
          out.write(Integer.parseInt(text.substring(i, i + 2), 16));
          i += 2;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int end = i;
            while (end < text.length() && end < i + 2 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
              end++;
            }
            out.write(Integer.parseInt(e + text.substring(i, end), 8) & 0xff);
            i = end;
          } else {
            out.write('\\');
            out.writeBytes(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
