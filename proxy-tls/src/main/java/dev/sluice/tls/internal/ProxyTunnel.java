package dev.sluice.tls.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking {@code CONNECT} on an HTTP proxy: after {@link #open}, the socket carries bytes to
 * and from the server the proxy connected it to.
 */
final class ProxyTunnel {

  private static final int MAX_HEAD = 16 * 1024;

  private ProxyTunnel() {}

  /**
   * Asks the proxy {@code socket} is connected to (named {@code proxyName} in messages) for a
   * tunnel to {@code host:port} (sending {@code proxyAuthorization} as {@code Proxy-Authorization}
   * unless null), and reads its answer up to the empty line.
   *
   * @throws IOException naming the proxy and its status line when it does not answer 2xx
   */
  static void open(Socket socket, String proxyName, String host, int port, String proxyAuthorization)
      throws IOException {
    String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    OutputStream out = socket.getOutputStream();
    String credentials = proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n";
    out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + credentials + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String head = readHead(socket.getInputStream(), proxyName);
    int lineEnd = head.indexOf("\r\n");
    String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("2[0-9]{2}")) {
      throw new IOException("upstream proxy " + proxyName + " answered CONNECT " + authority + " with \""
          + statusLine + "\"");
    }
  }

  private static String readHead(InputStream in, String proxyName) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("upstream proxy " + proxyName + " closed the connection before answering CONNECT");
      }
      if (head.size() >= MAX_HEAD) {
        throw new IOException("upstream proxy " + proxyName + " sent an answer to CONNECT longer than " + MAX_HEAD
            + " bytes");
      }
      head.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
