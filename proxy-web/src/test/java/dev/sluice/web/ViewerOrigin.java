package dev.sluice.web;

import dev.sluice.core.testing.RawOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A real origin on 127.0.0.1 with the bodies the viewer shows each in its own way, one response
 * per connection: {@code /order} JSON, {@code /logo.png} an 8x8 PNG, {@code /blob} the bytes 0 to
 * 255, {@code /trailers} a chunked body with a trailer, {@code /big} 200 KiB of text,
 * {@code /status/NNN} that status, and anything else a line of text.
 *
 * <pre>{@code
 * try (ViewerOrigin origin = new ViewerOrigin()) {
 *   client.send(HttpRequest.newBuilder(origin.uri("/order")).build(), BodyHandlers.ofString());
 * }
 * }</pre>
 */
final class ViewerOrigin implements AutoCloseable {

  static final String ORDER_JSON = "{\"order\":7,\"items\":[\"tea\",\"cake\"],\"paid\":true}";
  /** An 8x8 PNG, orange and grey squares. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAGElEQVR4nGP4v5TBwcEBk8QuCiQZBqUOAARqTIGledFbAAAAAElFTkSuQmCC");
  static final int BIG_SIZE = 200 * 1024;

  private final RawOrigin origin = RawOrigin.start(ViewerOrigin::serve);

  /** The URL of {@code path} on this origin. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + origin.port() + path);
  }

  private static void serve(Socket socket, String head) throws IOException {
    String target = head.split(" ", 3)[1];
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    OutputStream out = socket.getOutputStream();
    if (path.equals("/order")) {
      respond(out, "200 OK", "application/json", ORDER_JSON.getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/logo.png")) {
      respond(out, "200 OK", "image/png", PNG);
    } else if (path.equals("/blob")) {
      byte[] bytes = new byte[256];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      respond(out, "200 OK", "application/octet-stream", bytes);
    } else if (path.equals("/trailers")) {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n"
          + "Connection: close\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: 5d41402a\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    } else if (path.equals("/big")) {
      respond(out, "200 OK", "text/plain", "y".repeat(BIG_SIZE).getBytes(StandardCharsets.UTF_8));
    } else if (path.startsWith("/status/")) {
      String status = path.substring("/status/".length());
      respond(out, status + " Status " + status, "text/plain", ("status " + status).getBytes(StandardCharsets.UTF_8));
    } else {
      respond(out, "200 OK", "text/plain; charset=utf-8", ("hello from " + path).getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    socket.close();
  }

  private static void respond(OutputStream out, String status, String contentType, byte[] body) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
  }

  @Override
  public void close() throws IOException {
    origin.close();
  }
}
