package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Socks5Auth;
import dev.sluice.testing.TestFlows;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProxyAuthTest {

  private final ProxyAuth proxy = ProxyAuth.forProxy(ProxyAuthenticator.single("ada", "pa:ss"));

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code CONNECT example.com:443} from {@code client} with the given headers. */
  private static HttpFlow connect(ClientConnection client, String... headerNamesAndValues) {
    HttpRequest.Builder request = Request.builder().method("CONNECT").host("example.com").port(443)
        .authority("example.com:443").path("/");
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return TestFlows.of(client, request.build());
  }

  private static ClientConnection newClient() {
    return ClientConnection.of(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 8080));
  }

  @Test
  void aRequestWithoutCredentialsGets407WithAChallenge() {
    HttpFlow flow = TestFlows.get("http://example.com/");

    proxy.requestHeaders(flow);

    assertThat(flow.response().statusCode()).isEqualTo(407);
    assertThat(flow.response().headers().get("Proxy-Authenticate")).isEqualTo("Basic realm=\"sluice\"");
    assertThat(flow.attribute(ProxyAuth.USER)).isNull();
  }

  @Test
  void validCredentialsPassAndTheHeaderIsRemovedBeforeAnyoneElseSeesIt() {
    HttpFlow flow = TestFlows.get("http://example.com/", "Proxy-Authorization", basic("ada:pa:ss"), "Accept", "*/*");

    proxy.requestHeaders(flow);

    assertThat(flow.hasResponse()).isFalse();
    assertThat(flow.request().headers().contains("Proxy-Authorization")).isFalse();
    assertThat(flow.request().headers().get("Accept")).isEqualTo("*/*");
    assertThat(flow.attribute(ProxyAuth.USER)).isEqualTo("ada");
  }

  @Test
  void aWrongPasswordIsRefused() {
    HttpFlow flow = TestFlows.get("http://example.com/", "Proxy-Authorization", basic("ada:pa"));

    proxy.requestHeaders(flow);

    assertThat(flow.response().statusCode()).isEqualTo(407);
  }

  @Test
  void aMalformedHeaderCountsAsMissing() {
    for (String value : new String[] {"Basic", "Basic !!!notbase64", "Bearer abc", basic("nocolon"), ""}) {
      HttpFlow flow = TestFlows.get("http://example.com/", "Proxy-Authorization", value);
      proxy.requestHeaders(flow);
      assertThat(flow.response().statusCode()).as(value).isEqualTo(407);
    }
  }

  @Test
  void aReverseProxyUsesAuthorizationAnd401() {
    ProxyAuth reverse = ProxyAuth.forReverseProxy(ProxyAuthenticator.single("ada", "pw"));
    HttpFlow refused = TestFlows.get("http://backend/", "Proxy-Authorization", basic("ada:pw"));
    HttpFlow accepted = TestFlows.get("http://backend/", "Authorization", basic("ada:pw"));

    reverse.requestHeaders(refused);
    reverse.requestHeaders(accepted);

    assertThat(refused.response().statusCode()).isEqualTo(401);
    assertThat(refused.response().headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"sluice\"");
    assertThat(accepted.hasResponse()).isFalse();
    assertThat(accepted.request().headers().contains("Authorization")).isFalse();
  }

  @Test
  void socks5CredentialsAreAcceptedWhenValidAndThenCoverTheRequestsOfTheirConnection() {
    ClientConnection client = newClient();
    Socks5Auth valid = Socks5Auth.of(client, "ada", "pa:ss");
    Socks5Auth wrong = Socks5Auth.of(newClient(), "ada", "pa");

    proxy.socks5Auth(valid);
    proxy.socks5Auth(wrong);
    HttpFlow inside = TestFlows.of(client, Request.builder().url("http://example.com/").build());
    proxy.requestHeaders(inside);

    assertThat(valid.isAccepted()).isTrue();
    assertThat(wrong.isAccepted()).isFalse();
    assertThat(inside.hasResponse()).isFalse();
    assertThat(inside.attribute(ProxyAuth.USER)).isEqualTo("ada");
    assertThat(valid.toString()).contains("ada").doesNotContain("pa:ss");
  }

  @Test
  void anAuthenticatedConnectCoversEveryRequestInItsTunnelUntilDisconnect() {
    ClientConnection client = newClient();
    HttpFlow connect = connect(client, "Proxy-Authorization", basic("ada:pa:ss"));
    proxy.httpConnect(connect);
    HttpFlow inside = TestFlows.of(client, Request.builder().url("https://example.com/").build());

    proxy.requestHeaders(inside);

    assertThat(connect.hasResponse()).isFalse();
    assertThat(inside.hasResponse()).isFalse();
    assertThat(inside.attribute(ProxyAuth.USER)).isEqualTo("ada");

    proxy.clientDisconnected(client);
    HttpFlow afterwards = TestFlows.of(client, Request.builder().url("https://example.com/").build());
    proxy.requestHeaders(afterwards);
    assertThat(afterwards.response().statusCode()).isEqualTo(407);
  }

  @Test
  void aRefusedConnectGets407AndAuthenticatesNothing() {
    ClientConnection client = newClient();
    HttpFlow connect = connect(client);
    proxy.httpConnect(connect);
    HttpFlow inside = TestFlows.of(client, Request.builder().url("https://example.com/").build());
    proxy.requestHeaders(inside);

    assertThat(connect.response().statusCode()).isEqualTo(407);
    assertThat(inside.response().statusCode()).isEqualTo(407);
  }

  @Test
  void replayedFlowsAreExempt() {
    HttpFlow replayed = TestFlows.replayed(TestFlows.get("http://example.com/"), ReplayKind.REQUEST);

    proxy.requestHeaders(replayed);

    assertThat(replayed.hasResponse()).isFalse();
  }

  @Test
  void isBlockingOnlyWhenTheAuthenticatorBlocks() {
    assertThat(proxy.isBlocking()).isFalse();
    ProxyAuthenticator slow = new ProxyAuthenticator() {
      @Override public boolean authenticate(String user, String password) {
        return true;
      }

      @Override public boolean isBlocking() {
        return true;
      }
    };
    assertThat(ProxyAuth.forProxy(slow).isBlocking()).isTrue();
  }
}
