package dev.sluice.bench;

import dev.sluice.bench.load.RawHttp;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.hooks.ProxyAuthenticator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One browser-like request through the proxy on a kept-alive connection: parsed, run through the
 * hooks, forwarded to a canned loopback origin (a re-used upstream connection), and the 1 KiB
 * response forwarded back. {@code direct} is the same exchange without the proxy (subtract it to
 * get the proxy's cost); {@code none} is the proxy with no hook; {@code builtin} adds proxy
 * authentication, anticache, anticomp, two header rules, stickyauth and stickycookie.
 * Run: {@code java -jar proxy-bench/target/benchmarks.jar ParseToForward}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParseToForwardBenchmark {

  @Param({"direct", "none", "builtin"})
  public String hooks;

  private CannedOrigin origin;
  private ProxyServer proxy;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private byte[] request;

  @Setup
  public void setUp() throws IOException {
    origin = CannedOrigin.start(1024);
    String authority = "127.0.0.1:" + origin.port();
    InetSocketAddress target = new InetSocketAddress("127.0.0.1", origin.port());
    if (!hooks.equals("direct")) {
      ProxyServer.Builder builder = ProxyServer.builder();
      if (hooks.equals("builtin")) {
        builder.proxyAuth(ProxyAuthenticator.any()).anticache().anticomp()
            .modifyHeaders("/~q/User-Agent/sluice-bench", "/~s/Server/")
            .stickyAuth("~d 127.0.0.1").stickyCookies("~d 127.0.0.1");
      }
      proxy = builder.start();
      target = proxy.address();
    }
    request = RawHttp.ascii("GET " + (proxy == null ? "" : "http://" + authority) + "/articles/42?page=2 HTTP/1.1\r\n"
        + "Host: " + authority + "\r\n"
        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
        + "Accept-Language: en-GB,en;q=0.5\r\n"
        + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
        + "Cookie: session=abc123; theme=dark\r\n"
        + "If-None-Match: \"5e1f-abc\"\r\n"
        + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n"
        + "\r\n");
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(target);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  @TearDown
  public void tearDown() throws IOException {
    socket.close();
    if (proxy != null) {
      proxy.close();
    }
    origin.close();
  }

  @Benchmark
  public long exchange() throws IOException {
    out.write(request);
    out.flush();
    String head = RawHttp.readHead(in);
    if (head == null || !head.startsWith("HTTP/1.1 200")) {
      throw new IOException("expected 200, got " + head);
    }
    long length = RawHttp.contentLength(head);
    in.skipNBytes(length);
    return length;
  }
}
