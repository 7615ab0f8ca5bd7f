package dev.sluice.core;

import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.DigestOrigin;
import dev.sluice.core.testing.Flood;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.RawOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reader that stops reading holds up its own transfer and nothing else: with streaming on, the
 * writer on the far side of the proxy stalls once the socket buffers on the path are full, while
 * other connections through the same proxy go on; without streaming, a body over the aggregation
 * limit is refused at the limit.
 *
 * <p>What sits between the writer and the stalled reader is bounded by {@link #bound}: the writer's
 * send buffer and the reader's receive buffer (the test sets them and asks the kernel what it
 * made of them), the proxy's two sockets on the path (autotuned by the kernel, so at most its
 * maximum receive and send buffer), and what the proxy holds itself: its outbound buffer up to the
 * high-water mark (64 KiB), one read (at most 64 KiB) and the decoder's cumulation, rounded up to
 * {@link #PROXY_ALLOWANCE}. The body is far larger than that bound, so a proxy that kept reading
 * from the writer while the reader stalled would let it write past the bound, or to the end.
 *
 * <p>A stall is not the upstream's silence: the response timeout counts only while the proxy waits
 * for the upstream, and a client that stops sending a streamed body meets the idle timeout.
 */
@ExtendWith(NettyLeakDetection.class)
class BackPressureTest {

  private static final int LIMIT = 1 << 20;
  private static final int CUTOFF = 64 * 1024;
  private static final long HUGE = 256L << 20;
  private static final int READ_FIRST = 1 << 20;
  private static final int SOCKET_BUFFER = 64 * 1024;
  private static final long PROXY_ALLOWANCE = 1 << 20;
  private static final long KERNEL_MAXIMUM_ELSEWHERE = 16L << 20;
  private static final long OTHER_SIZE = 4L << 20;
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Duration SHORT = Duration.ofMillis(500);
  private static final int PIECE = 256 * 1024;
  private static final DigestOrigin OTHER = DigestOrigin.start(null);

  @AfterAll
  static void stopOrigin() {
    OTHER.close();
  }

  @Test
  void aClientThatStopsReadingAStreamedDownloadStallsTheOriginAndNoOtherConnection() throws Exception {
    try (ProxyServer proxy = start(true);
        ServerSocketChannel listener = listen(0);
        SocketChannel client = SocketChannel.open();
        Download download = Download.start(client, listener, proxy.address())) {
      stallThenResume(proxy, download.flood(), download.fromProxy(),
          bound(download.origin().getOption(SO_SNDBUF), client.getOption(SO_RCVBUF)));
    }
  }

  @Test
  void anOriginThatStopsReadingAStreamedUploadStallsTheClientAndNoOtherConnection() throws Exception {
    try (ProxyServer proxy = start(true);
        ServerSocketChannel listener = listen(SOCKET_BUFFER);
        SocketChannel client = SocketChannel.open()) {
      client.setOption(SO_SNDBUF, SOCKET_BUFFER);
      client.connect(proxy.address());
      client.configureBlocking(false);
      String head = "PUT " + url(listener) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + HUGE + "\r\n\r\n";
      try (Flood flood = Flood.start(client, head, HUGE, false);
          SocketChannel origin = accept(listener)) {
        InputStream fromProxy = origin.socket().getInputStream();
        assertThat(RawOrigin.readHead(fromProxy)).startsWith("PUT /huge HTTP/1.1");
        stallThenResume(proxy, flood, fromProxy, bound(client.getOption(SO_SNDBUF), origin.getOption(SO_RCVBUF)));
        origin.write(ascii("HTTP/1.1 204 No Content\r\n\r\n"));
        client.socket().setSoTimeout(10_000);
        assertThat(RawOrigin.readHead(client.socket().getInputStream())).startsWith("HTTP/1.1 204 ");
      }
    }
  }

  @Test
  void withoutStreamingAResponseOverTheLimitGets502AndTheOriginIsCutOffAtTheLimit() throws Exception {
    try (ProxyServer proxy = start(false);
        ServerSocketChannel listener = listen(0);
        SocketChannel client = SocketChannel.open(proxy.address())) {
      client.socket().setSoTimeout(10_000);
      client.write(ascii("GET " + url(listener) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
      try (SocketChannel origin = accept(listener)) {
        RawOrigin.readHead(origin.socket().getInputStream());
        origin.setOption(SO_SNDBUF, SOCKET_BUFFER);
        long mostTaken = LIMIT + origin.getOption(SO_SNDBUF) + kernelMaximum("tcp_rmem") + PROXY_ALLOWANCE;
        origin.configureBlocking(false);
        try (Flood flood = Flood.start(origin, "HTTP/1.1 200 OK\r\nContent-Length: " + HUGE + "\r\n\r\n", HUGE, false)) {
          assertThat(RawOrigin.readHead(client.socket().getInputStream())).startsWith("HTTP/1.1 502 ");

          assertThatThrownBy(() -> flood.finished().get(PATIENCE.toSeconds(), SECONDS))
              .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
          assertThat(flood.written()).isLessThanOrEqualTo(mostTaken);
        }
      }
    }
  }

  @Test
  void withoutStreamingAnEndlessUploadGets413BeforeItEndsAndNeverReachesTheOrigin() throws Exception {
    try (ProxyServer proxy = start(false);
        RawOrigin origin = RawOrigin.start((socket, head) -> { });
        SocketChannel client = SocketChannel.open(proxy.address())) {
      client.socket().setSoTimeout(10_000);
      String head = "POST http://127.0.0.1:" + origin.port() + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n";
      try (Flood flood = Flood.start(client, head, Flood.ENDLESS, true)) {
        assertThat(RawOrigin.readHead(client.socket().getInputStream()))
            .startsWith("HTTP/1.1 413 ").contains("Connection: close");

        assertThatThrownBy(() -> flood.finished().get(PATIENCE.toSeconds(), SECONDS))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(origin.connections()).isZero();
      }
    }
  }

  @Test
  void aClientThatPausesADownloadLongerThanTheResponseTimeoutStillGetsEveryByte() throws Exception {
    Errors errors = new Errors();
    try (ProxyServer proxy = ProxyServer.builder().streamLargeBodies(CUTOFF).responseTimeout(SHORT).hook(errors).start();
        ServerSocketChannel listener = listen(0);
        SocketChannel client = SocketChannel.open();
        Download download = Download.start(client, listener, proxy.address())) {
      long read = Flood.verify(download.fromProxy(), 0, READ_FIRST);
      download.flood().awaitStall(PATIENCE);

      assertThat(errors.next(SHORT.multipliedBy(3))).isNull();
      assertThat(Flood.verify(download.fromProxy(), read, HUGE - read)).isEqualTo(HUGE);
      assertThat(download.flood().finished().get(PATIENCE.toSeconds(), SECONDS)).isEqualTo(HUGE);
    }
  }

  @Test
  void anUploadThatPausesLongerThanTheResponseTimeoutStillReachesTheOrigin() throws Exception {
    Errors errors = new Errors();
    try (ProxyServer proxy = ProxyServer.builder().streamLargeBodies(CUTOFF).responseTimeout(SHORT).hook(errors).start();
        ServerSocketChannel listener = listen(0);
        SocketChannel client = SocketChannel.open(proxy.address());
        SocketChannel origin = sendHalfAnUpload(client, listener)) {
      assertThat(errors.next(SHORT.multipliedBy(3))).isNull();
      InputStream fromProxy = origin.socket().getInputStream();
      client.write(body(PIECE, PIECE));
      assertThat(Flood.verify(fromProxy, PIECE, PIECE)).isEqualTo(2 * PIECE);
      origin.write(ascii("HTTP/1.1 204 No Content\r\n\r\n"));
      assertThat(RawOrigin.readHead(client.socket().getInputStream())).startsWith("HTTP/1.1 204 ");
    }
  }

  @Test
  void aClientThatStopsSendingAStreamedUploadGets408AfterTheIdleTimeout() throws Exception {
    Errors errors = new Errors();
    try (ProxyServer proxy = ProxyServer.builder().streamLargeBodies(CUTOFF).idleTimeout(SHORT).hook(errors).start();
        ServerSocketChannel listener = listen(0);
        SocketChannel client = SocketChannel.open(proxy.address());
        SocketChannel origin = sendHalfAnUpload(client, listener)) {
      assertThat(RawOrigin.readHead(client.socket().getInputStream())).startsWith("HTTP/1.1 408 ");
      assertThat(errors.next(PATIENCE).kind()).isEqualTo(FlowError.Kind.TIMEOUT);
    }
  }

  /**
   * Sends the head of a two-piece upload through {@code client} and the first piece; returns the
   * origin's end of the connection, which received both.
   */
  private static SocketChannel sendHalfAnUpload(SocketChannel client, ServerSocketChannel listener) throws IOException {
    client.socket().setSoTimeout(10_000);
    client.write(ascii("PUT " + url(listener) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + (2 * PIECE)
        + "\r\n\r\n"));
    client.write(body(0, PIECE));
    SocketChannel origin = accept(listener);
    InputStream fromProxy = origin.socket().getInputStream();
    RawOrigin.readHead(fromProxy);
    Flood.verify(fromProxy, 0, PIECE);
    return origin;
  }

  private static ProxyServer start(boolean streaming) {
    ProxyServer.Builder builder = ProxyServer.builder().maxBodySize(LIMIT);
    return (streaming ? builder.streamLargeBodies(CUTOFF) : builder).start();
  }

  /**
   * The reader reads a little and stops: the flood stalls with at most {@code bound} bytes more
   * written than read, and stays so while other connections go on; then the reader gets every
   * byte, and the flood ends.
   */
  private static void stallThenResume(ProxyServer proxy, Flood flood, InputStream reader, long bound) throws Exception {
    long read = Flood.verify(reader, 0, READ_FIRST);
    assertThat(flood.awaitStall(PATIENCE) - read).isLessThanOrEqualTo(bound);
    otherConnectionsGoOn(proxy);
    assertThat(flood.awaitStall(PATIENCE) - read).isLessThanOrEqualTo(bound);

    assertThat(Flood.verify(reader, read, HUGE - read)).isEqualTo(HUGE);
    assertThat(flood.finished().get(PATIENCE.toSeconds(), SECONDS)).isEqualTo(HUGE);
  }

  /** Downloads and uploads through another connection of {@code proxy} complete, bytes intact. */
  private static void otherConnectionsGoOn(ProxyServer proxy) throws Exception {
    HttpClient other = JdkClients.via(proxy);
    String expected = DigestOrigin.digest(DigestOrigin.bytes(OTHER_SIZE));
    for (int i = 0; i < 3; i++) {
      HttpResponse<InputStream> download = other.send(HttpRequest.newBuilder(OTHER.uri("/bytes/" + OTHER_SIZE))
          .timeout(PATIENCE).build(), BodyHandlers.ofInputStream());
      assertThat(DigestOrigin.digest(download.body())).isEqualTo(expected);
      HttpResponse<String> upload = other.send(HttpRequest.newBuilder(OTHER.uri("/upload")).timeout(PATIENCE)
          .POST(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> DigestOrigin.bytes(OTHER_SIZE)),
              OTHER_SIZE)).build(), BodyHandlers.ofString());
      assertThat(upload.body()).isEqualTo(expected);
    }
  }

  /** The most bytes that may sit between a writer and a stalled reader through the proxy (see the class comment). */
  private static long bound(long writerSendBuffer, long readerReceiveBuffer) throws IOException {
    return writerSendBuffer + readerReceiveBuffer + kernelMaximum("tcp_rmem") + kernelMaximum("tcp_wmem") + PROXY_ALLOWANCE;
  }

  /** The largest buffer the kernel lets an autotuned TCP socket grow to: Linux says so in /proc; elsewhere assume 16 MiB. */
  private static long kernelMaximum(String setting) throws IOException {
    Path file = Path.of("/proc/sys/net/ipv4", setting);
    if (!Files.isReadable(file)) {
      return KERNEL_MAXIMUM_ELSEWHERE;
    }
    try (InputStream in = Files.newInputStream(file)) {
      // procfs files report no size, so read them as a stream
      String[] minDefaultMax = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      return Long.parseLong(minDefaultMax[2]);
    }
  }

  /** A listener on 127.0.0.1; accepted sockets get {@code receiveBuffer} when it is not 0. */
  private static ServerSocketChannel listen(int receiveBuffer) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    if (receiveBuffer > 0) {
      listener.setOption(SO_RCVBUF, receiveBuffer);
    }
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    listener.socket().setSoTimeout(10_000);
    return listener;
  }

  private static SocketChannel accept(ServerSocketChannel listener) throws IOException {
    return listener.socket().accept().getChannel();
  }

  private static String url(ServerSocketChannel listener) throws IOException {
    return "http://127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort() + "/huge";
  }

  /** {@code count} bytes of the generated body from {@code from} on. */
  private static ByteBuffer body(long from, int count) {
    ByteBuffer bytes = ByteBuffer.allocate(count);
    for (int i = 0; i < count; i++) {
      bytes.put(Flood.at(from + i));
    }
    return bytes.flip();
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A streamed download of {@link #HUGE} bytes from an origin that floods it: the origin's end of
   * its connection, the flood, and what the client reads after the response head.
   */
  private record Download(SocketChannel origin, Flood flood, InputStream fromProxy) implements AutoCloseable {

    /** Connects {@code client} to {@code proxy} and asks for the download from the origin behind {@code listener}. */
    static Download start(SocketChannel client, ServerSocketChannel listener, InetSocketAddress proxy) throws IOException {
      client.setOption(SO_RCVBUF, SOCKET_BUFFER);
      client.connect(proxy);
      client.socket().setSoTimeout(10_000);
      InputStream fromProxy = client.socket().getInputStream();
      client.write(ascii("GET " + url(listener) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
      SocketChannel origin = accept(listener);
      assertThat(RawOrigin.readHead(origin.socket().getInputStream())).startsWith("GET /huge HTTP/1.1");
      origin.setOption(SO_SNDBUF, SOCKET_BUFFER);
      origin.configureBlocking(false);
      Flood flood = Flood.start(origin, "HTTP/1.1 200 OK\r\nContent-Length: " + HUGE + "\r\n\r\n", HUGE, false);
      assertThat(RawOrigin.readHead(fromProxy)).startsWith("HTTP/1.1 200 ");
      return new Download(origin, flood, fromProxy);
    }

    @Override
    public void close() throws IOException {
      flood.close();
    }
  }

  /** Collects the errors of flows. */
  private static final class Errors implements FlowHook {

    private final BlockingQueue<FlowError> seen = new LinkedBlockingQueue<>();

    @Override
    public void error(HttpFlow flow) {
      seen.add(flow.error());
    }

    /** The next error, waiting up to {@code within}; null if none came. */
    FlowError next(Duration within) throws InterruptedException {
      return seen.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
