package dev.sluice.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading HTTP/1.1 message heads byte by byte, for the benchmarks' own clients and origin.
 *
 * <pre>{@code
 * String head = RawHttp.readHead(in);
 * in.skipNBytes(RawHttp.contentLength(head));
 * }</pre>
 */
public final class RawHttp {

  private RawHttp() {}

  /** Reads one head up to its blank line; false when the stream ends before one starts. */
  public static boolean skipHead(InputStream in) throws IOException {
    return readHead(in) != null;
  }

  /** One head up to and including its blank line, or null at the end of the stream before it. */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(256);
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      int n = head.length();
      if (b == '\n' && n >= 4 && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 4) == '\r') {
        return head.toString();
      }
    }
    if (head.length() > 0) {
      throw new IOException("stream ended inside a message head: " + head);
    }
    return null;
  }

  /** The Content-Length of {@code head}. */
  public static long contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    throw new IOException("no Content-Length in " + head.lines().findFirst().orElse("an empty head"));
  }

  /** The US-ASCII bytes of {@code text}. */
  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
