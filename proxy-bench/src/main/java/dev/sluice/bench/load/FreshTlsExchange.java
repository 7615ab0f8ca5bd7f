package dev.sluice.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTPS request on a connection of its own: TCP connect (to the proxy, then {@code CONNECT},
 * or straight to the origin), a full TLS handshake (the session is invalidated afterwards so the
 * next one cannot resume it), {@code GET} with {@code Connection: close}, the whole body read.
 *
 * <pre>{@code
 * FreshTlsExchange exchange = new FreshTlsExchange(context, proxyAddress, true);
 * long bytes = exchange.get("127.0.0.7", 8443, "/1k");
 * }</pre>
 */
public final class FreshTlsExchange {

  private static final int TIMEOUT_MILLIS = 10_000;

  private final SSLContext context;
  private final InetSocketAddress proxy;
  private final boolean verifyHostname;

  /**
   * Requests trusting {@code context}, through {@code proxy} (null: straight to the origin),
   * checking the certificate's name against the host when {@code verifyHostname}.
   */
  public FreshTlsExchange(SSLContext context, InetSocketAddress proxy, boolean verifyHostname) {
    this.context = context;
    this.proxy = proxy;
    this.verifyHostname = verifyHostname;
  }

  /** Fetches {@code path} from {@code host:port} on a fresh connection; returns the body's length. */
  public long get(String host, int port, String path) throws IOException {
    String authority = host + ":" + port;
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(proxy != null ? proxy : new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      if (proxy != null) {
        connect(socket, authority);
      }
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
      if (verifyHostname) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
      }
      try {
        tls.startHandshake();
        OutputStream out = tls.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(tls.getInputStream());
        String head = RawHttp.readHead(in);
        expectOk(head, "GET " + authority + path);
        long length = RawHttp.contentLength(head);
        in.skipNBytes(length);
        return length;
      } finally {
        tls.getSession().invalidate();
        tls.close();
      }
    }
  }

  private static void connect(Socket socket, String authority) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    expectOk(RawHttp.readHead(socket.getInputStream()), "CONNECT " + authority);
  }

  private static void expectOk(String head, String what) throws IOException {
    if (head == null) {
      throw new IOException(what + ": connection closed before a response");
    }
    if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
      throw new IOException(what + " answered " + head.lines().findFirst().orElse("nothing"));
    }
  }
}
