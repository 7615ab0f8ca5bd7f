package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a SOCKS5 client that breaks the protocol gets: the SOCKS5 reply that refuses it, then a closed connection. */
class Socks5BadInputTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static final byte[] NO_AUTH_ONLY = {5, 1, 0};
  private static final byte[] PASSWORD_ONLY = {5, 1, 2};
  private static final byte[] NO_ACCEPTABLE_METHODS = {5, (byte) 0xFF};

  private static ProxyServer.Builder socks5() {
    return ProxyServer.builder().mode(ProxyMode.socks5());
  }

  /** A request with command {@code command} for 127.0.0.1:{@code port}. */
  private static byte[] request(int command, int port) {
    return new byte[] {5, (byte) command, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port};
  }

  /** The reply to a request with status {@code status}, bound address 0.0.0.0:0. */
  private static byte[] reply(int status) {
    return new byte[] {5, (byte) status, 0, 1, 0, 0, 0, 0, 0, 0};
  }

  private static byte[] credentials(String user, String password) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    out.write(user.length());
    out.writeBytes(user.getBytes(StandardCharsets.US_ASCII));
    out.write(password.length());
    out.writeBytes(password.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] read(RawClient client, int length) throws IOException {
    return client.input().readNBytes(length);
  }

  private static byte[] untilClosed(RawClient client) {
    return client.readUntilClosed().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aGreetingOfAnotherVersionGetsNoAcceptableMethodsAndTheConnectionCloses() {
    try (ProxyServer proxy = socks5().start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(new byte[] {4, 1, 0, 80, 127, 0, 0, 1, 0});

      assertThat(untilClosed(client)).containsExactly(NO_ACCEPTABLE_METHODS);
    }
  }

  @Test
  void anHttpRequestOnTheSocksPortGetsNoAcceptableMethodsAndTheConnectionCloses() {
    try (ProxyServer proxy = socks5().start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send("GET http://127.0.0.1:" + origin.port() + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

      assertThat(untilClosed(client)).containsExactly(NO_ACCEPTABLE_METHODS);
      assertThat(origin.all()).isEmpty();
    }
  }

  @ParameterizedTest(name = "command {0}")
  @ValueSource(ints = {2, 3})
  void bindAndUdpAssociateAreCommandsNotSupported(int command) throws Exception {
    try (ProxyServer proxy = socks5().start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(NO_AUTH_ONLY);
      assertThat(read(client, 2)).containsExactly(5, 0);

      client.send(request(command, origin.port()));

      assertThat(untilClosed(client)).containsExactly(reply(7));
    }
  }

  @Test
  void anUnknownAddressTypeIsAnAddressTypeNotSupported() throws Exception {
    try (ProxyServer proxy = socks5().start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(NO_AUTH_ONLY);
      assertThat(read(client, 2)).containsExactly(5, 0);

      client.send(new byte[] {5, 1, 0, 9, 127, 0, 0, 1, 0, 80});

      assertThat(untilClosed(client)).containsExactly(reply(8));
    }
  }

  @Test
  void aTruncatedGreetingGetsNoAcceptableMethodsAfterTheIdleTimeout() {
    try (ProxyServer proxy = socks5().idleTimeout(Duration.ofMillis(300)).start();
        RawClient client = RawClient.connect(proxy.address())) {
      client.send(new byte[] {5, 3, 0});

      assertThat(untilClosed(client)).containsExactly(NO_ACCEPTABLE_METHODS);
    }
  }

  @Test
  void aTruncatedRequestGetsAGeneralFailureAfterTheIdleTimeout() throws Exception {
    try (ProxyServer proxy = socks5().idleTimeout(Duration.ofMillis(300)).start();
        RawClient client = RawClient.connect(proxy.address())) {
      client.send(NO_AUTH_ONLY);
      assertThat(read(client, 2)).containsExactly(5, 0);

      client.send(new byte[] {5, 1, 0, 3, 9, 'l', 'o', 'c'});

      assertThat(untilClosed(client)).containsExactly(reply(1));
    }
  }

  @Test
  void wrongCredentialsGetTheFailureReplyAndTheConnectionCloses() throws Exception {
    try (ProxyServer proxy = socks5().proxyAuth("ada:s3cret").start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(PASSWORD_ONLY);
      assertThat(read(client, 2)).containsExactly(5, 2);

      client.send(credentials("ada", "wrong"));

      assertThat(untilClosed(client)).containsExactly(1, 1);
    }
  }

  @Test
  void aClientWithoutPasswordAuthenticationIsRefusedWhenProxyAuthIsOn() {
    try (ProxyServer proxy = socks5().proxyAuth("ada:s3cret").start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(NO_AUTH_ONLY);

      assertThat(untilClosed(client)).containsExactly(NO_ACCEPTABLE_METHODS);
    }
  }

  @Test
  void aCredentialsMessageOfAnotherVersionGetsTheFailureReply() throws Exception {
    try (ProxyServer proxy = socks5().proxyAuth("ada:s3cret").start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(PASSWORD_ONLY);
      assertThat(read(client, 2)).containsExactly(5, 2);

      byte[] message = credentials("ada", "s3cret");
      message[0] = 5;
      client.send(message);

      assertThat(untilClosed(client)).containsExactly(1, 1);
    }
  }

  @Test
  void aServerThatRefusesTheConnectionIsAConnectionRefusedReply() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ProxyServer proxy = socks5().start(); RawClient client = RawClient.connect(proxy.address())) {
      client.send(NO_AUTH_ONLY);
      assertThat(read(client, 2)).containsExactly(5, 0);

      client.send(request(1, closedPort));

      assertThat(untilClosed(client)).containsExactly(reply(5));
    }
  }

  @Test
  void aClientThatSendsTheWholeHandshakeAndItsRequestAtOnceIsServed() throws Exception {
    try (ProxyServer proxy = socks5().proxyAuth("ada:s3cret").start(); RawClient client = RawClient.connect(proxy.address())) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(PASSWORD_ONLY);
      all.writeBytes(credentials("ada", "s3cret"));
      byte[] host = "localhost".getBytes(StandardCharsets.US_ASCII);
      all.writeBytes(new byte[] {5, 1, 0, 3, (byte) host.length});
      all.writeBytes(host);
      all.writeBytes(new byte[] {(byte) (origin.port() >> 8), (byte) origin.port()});
      all.writeBytes(("GET /at-once HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      client.send(all.toByteArray());

      assertThat(read(client, 2)).containsExactly(5, 2);
      assertThat(read(client, 2)).containsExactly(1, 0);
      assertThat(read(client, 10)).containsExactly(reply(0));
      assertThat(client.readResponse()).startsWith("HTTP/1.1 200").containsIgnoringCase("X-Echo-Target: /at-once");
    }
  }
}
