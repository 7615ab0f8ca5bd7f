package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.TlsPassThrough;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where hooks run: {@link HookPhase} by phase, and in the order added within a phase, through a running proxy. */
class HookPhasesTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @Test
  void aHookAddedToAuthenticationBeforeProxyAuthSeesEveryRequestAsTheClientSentIt() throws Exception {
    List<String> seenFirst = new CopyOnWriteArrayList<>();
    List<String> seenAfter = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = ProxyServer.builder()
        .hook(FlowHook.onRequestHeaders(flow -> seenAfter.add(authorization(flow))))
        .hook(HookPhase.AUTHENTICATION, FlowHook.onRequestHeaders(flow -> seenFirst.add(authorization(flow))))
        .proxyAuth("ada:pw")
        .mode(ProxyMode.parse("reverse:http://127.0.0.1:" + origin.port()))   // read when the proxy starts
        .start()) {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/secret");
      String credentials = "Basic " + Base64.getEncoder().encodeToString("ada:pw".getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
      HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(uri).header("Authorization", credentials).build(),
          BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(seenFirst).containsExactly("none", credentials);
      assertThat(seenAfter).containsExactly("none", "none");
      assertThat(origin.take().header("Authorization")).isNull();
    }
  }

  @Test
  void aRecordingHookSeesTheFlowAsTheDefaultHooksLeftItEvenThoseAddedWhileRunning() throws Exception {
    List<String> recorded = new CopyOnWriteArrayList<>();
    FlowHook recorder = FlowHook.onResponse(flow -> recorded.add(flow.response().headers().get("X-Changed") + " "
        + flow.response().headers().get("X-Added-Later")));
    try (ProxyServer proxy = ProxyServer.builder()
        .hook(HookPhase.RECORDING, recorder)
        .hook(FlowHook.onResponse(flow -> flow.response().headers().set("X-Changed", "yes")))
        .start()) {
      proxy.addHook(FlowHook.onResponse(flow -> flow.response().headers().set("X-Added-Later", "yes")));

      HttpResponse<String> response = JdkClients.via(proxy).send(HttpRequest.newBuilder(origin.uri("/a")).build(),
          BodyHandlers.ofString());

      assertThat(response.headers().firstValue("X-Changed")).hasValue("yes");
      assertThat(recorded).containsExactly("yes yes");
      assertThat(proxy.hooks()).last().isSameAs(recorder);
    }
  }

  @Test
  void builtInHooksTakeThePlaceOfTheirFirstSettingAmongTheHooksOfTheirPhase() {
    FlowHook before = FlowHook.onRequest(flow -> { });
    FlowHook after = FlowHook.onRequest(flow -> { });
    FlowHook recorder = FlowHook.onResponse(flow -> { });
    try (ProxyServer proxy = ProxyServer.builder()
        .hook(HookPhase.RECORDING, recorder)
        .hook(before)
        .modifyHeaders("/X-A/1")
        .anticache()
        .hook(after)
        .modifyHeaders("/X-B/2")
        .ignoreHosts("bank\\.example")
        .proxyAuth("ada:pw")
        .start()) {
      assertThat(proxy.hooks()).satisfiesExactly(
          hook -> assertThat(hook).isInstanceOf(ProxyAuth.class),
          hook -> assertThat(hook).isInstanceOf(TlsPassThrough.class),
          hook -> assertThat(hook).isSameAs(before),
          hook -> assertThat(hook).isInstanceOf(ModifyHeaders.class),
          hook -> assertThat(hook).isInstanceOf(Anticache.class),
          hook -> assertThat(hook).isSameAs(after),
          hook -> assertThat(hook).isSameAs(recorder));
    }
  }

  @Test
  void aRunningProxyAddsAHookAtTheEndOfItsPhase() {
    FlowHook recorder = FlowHook.onResponse(flow -> { });
    FlowHook passThrough = TlsPassThrough.ignoreHosts("bank\\.example");
    try (ProxyServer proxy = ProxyServer.builder().upstreamCert(false).hook(HookPhase.RECORDING, recorder).start()) {
      FlowHook late = FlowHook.onRequest(flow -> { });
      proxy.addHook(late);
      proxy.addHook(HookPhase.CONNECTION, passThrough);

      assertThat(proxy.hooks()).containsExactly(passThrough, late, recorder);
    }
  }

  private static String authorization(HttpFlow flow) {
    String value = flow.request().headers().get("Authorization");
    return value == null ? "none" : value;
  }
}
