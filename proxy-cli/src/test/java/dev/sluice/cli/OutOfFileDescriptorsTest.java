package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.testing.RawClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy out of file descriptors, for real: the command line runs in a child JVM whose open-file
 * limit is {@value #LIMIT} ({@code ulimit -n}), with {@code max_connections} too high to guard it,
 * and clients hold proxied connections (two descriptors each) until the child can neither accept
 * nor connect upstream.
 */
class OutOfFileDescriptorsTest {

  private static final int LIMIT = 128;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SHORTAGE = "the proxy ran out of file descriptors (limit " + LIMIT
      + " open files); raise it with ulimit -n or lower maxConnections";

  @TempDir
  Path confdir;

  private final CompletableFuture<String> acceptFailed = new CompletableFuture<>();
  private final List<RawClient> held = new ArrayList<>();
  private HttpServer origin;
  private ChildCli child;

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", TextAnswer.of("ok"));
    origin.start();
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    held.forEach(RawClient::close);
    if (child != null) {
      child.close();
    }
    origin.stop(0);
  }

  @Test
  void failedUpstreamConnectsAndAcceptsNameTheLimitOnceInTheLogAndTheProxyRecovers() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/limits")), "needs Linux");
    InetSocketAddress proxy = startChildProxy();
    String cannotConnect = "cannot connect to 127.0.0.1:" + origin.getAddress().getPort() + ": " + SHORTAGE;
    String get = "GET http://127.0.0.1:" + origin.getAddress().getPort() + "/ HTTP/1.1\r\nHost: x\r\n\r\n";
    // one descriptor in the child, no upstream kept; this also loads the classes of a 502
    RawClient oneDescriptor = hold(RawClient.connect(proxy, TIMEOUT));
    assertThat(oneDescriptor.send("GET http://127.0.0.1:" + closedPort() + "/ HTTP/1.1\r\nHost: x\r\n\r\n")
        .readResponse()).startsWith("HTTP/1.1 502 ").contains("Connection refused");

    // each answered connection holds two descriptors in the child, the client's and the upstream's,
    // until one finds a single descriptor left (its connect fails: 502) or none (it waits unaccepted)
    RawClient waiting = null;
    CompletableFuture<String> waitingAnswer = null;
    for (int i = 0; i < LIMIT && waiting == null; i++) {
      RawClient client = hold(RawClient.connect(proxy, TIMEOUT));
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> client.send(get).readResponse());
      awaitAnswerOrFailedAccept(answer);
      if (!answer.isDone()) {
        waiting = client;
        waitingAnswer = answer;
      } else if (answer.get().startsWith("HTTP/1.1 502")) {
        assertThat(answer.get()).endsWith("\r\n\r\nSluice: " + cannotConnect + "\n");
      } else {
        assertThat(answer.get()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("ok");
      }
    }
    assertThat(waiting).as("a connection the child could not accept").isNotNull();

    // one descriptor comes back: the waiting connection is accepted and its connect fails, twice
    oneDescriptor.close();
    assertThat(waitingAnswer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .startsWith("HTTP/1.1 502 Bad Gateway\r\n").endsWith("\r\n\r\nSluice: " + cannotConnect + "\n");
    assertThat(waiting.send(get).readResponse()).endsWith("\r\n\r\nSluice: " + cannotConnect + "\n");

    held.forEach(RawClient::close);
    try (RawClient after = RawClient.connect(proxy, TIMEOUT)) {
      assertThat(after.send(get).readResponse()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("ok");
    }
    child.stop();
    child.logEnded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(child.log).filteredOn(line -> line.contains(SHORTAGE)).hasSize(2);
    assertThat(child.log).filteredOn(line -> line.contains(cannotConnect)).singleElement().asString().contains(" WARN ");
    assertThat(child.log).filteredOn(line -> line.contains("cannot accept connections: " + SHORTAGE)).singleElement()
        .asString().contains(" WARN ");
    assertThat(child.log).noneMatch(line -> line.contains("reached at the tail of the pipeline"));
  }

  /** Waits for {@code answer} or for the child to log a failed accept; fails with the child's log if neither comes. */
  private void awaitAnswerOrFailedAccept(CompletableFuture<String> answer) throws Exception {
    try {
      CompletableFuture.anyOf(answer, acceptFailed).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer and no failed accept within " + TIMEOUT + "; the child logged " + child.log, e);
    }
  }

  private RawClient hold(RawClient client) {
    held.add(client);
    return client;
  }

  /** Starts the command line in a child JVM under the low limit; returns the address it listens at. */
  private InetSocketAddress startChildProxy() throws IOException, InterruptedException {
    child = ChildCli.start(List.of("/bin/sh", "-c", "ulimit -n " + LIMIT + " && exec \"$@\"", "sh"), List.of("-Xmx128m"),
        line -> {
          if (line.contains("cannot accept connections")) {
            acceptFailed.complete(line);
          }
        },
        "-q", "-p", "0", "--set", "max_connections=100000", "--set", "confdir=" + confdir);
    return child.awaitListening(TIMEOUT);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
