package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.replay.FlowReader;
import dev.sluice.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Cassette}: record through to the origin once, replay afterwards without it. */
class CassetteTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Cassette test origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @TempDir
  Path cassettes;

  private static URI base;
  private static String query = "x=1";

  @Test
  void recordsTheHttpsSessionOnceThenReplaysItWithTheOriginStopped() throws Exception {
    EchoOrigin httpsOrigin = EchoOrigin.httpsExtension(originCa);
    httpsOrigin.beforeAll(null);
    base = httpsOrigin.uri("");
    Map<String, String> config = Map.of(Cassette.DIRECTORY, cassettes.toString());

    assertThat(SampleRun.of(HttpsSession.class, config).passed("talksToTheOrigin")).isTrue();
    assertThat(httpsOrigin.all()).hasSize(2);
    httpsOrigin.close();

    Path cassette = cassettes.resolve("CassetteTest.HttpsSession/talksToTheOrigin.mitm");
    assertThat(FlowReader.readAll(cassette)).extracting(flow -> flow.request().url())
        .containsExactly(base + "/first?x=1", base + "/echo");
    try (Stream<Path> files = Files.list(cassette.getParent())) {
      assertThat(files).containsExactly(cassette);
    }
    assertThat(SampleRun.of(HttpsSession.class, config).passed("talksToTheOrigin")).isTrue();
  }

  @Test
  void aRequestNotInTheCassetteFailsTheTestNamingItAndTheClosestRecording() {
    base = origin.uri("");
    Map<String, String> config = Map.of(Cassette.DIRECTORY, cassettes.toString());
    query = "x=1";
    assertThat(SampleRun.of(HttpSession.class, config).passed("getsOnePage")).isTrue();
    origin.reset();
    query = "x=2";

    Throwable failure = SampleRun.of(HttpSession.class, config).failure("getsOnePage");

    Path cassette = cassettes.resolve("CassetteTest.HttpSession/getsOnePage.mitm");
    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Sluice cassette " + cassette + " has no recorded response for 1 request(s)")
        .hasMessageContaining("\n  GET " + base + "/page?x=2")
        .hasMessageContaining("closest recorded: GET " + base + "/page?x=1 (differs in query)")
        .hasMessageContaining("-Dsluice.record=all");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void recordModeNoneFailsAtOnceWhenTheCassetteIsMissing() {
    base = origin.uri("");

    Throwable failure = SampleRun.of(HttpSession.class,
        Map.of(Cassette.DIRECTORY, cassettes.toString(), RecordMode.PROPERTY, "none")).failure("getsOnePage");

    assertThat(failure).hasMessage("Sluice cassette " + cassettes.resolve("CassetteTest.HttpSession/getsOnePage.mitm")
        + " does not exist, and the record mode is none (nothing is sent to the network):"
        + " record it with -Dsluice.record=missing");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void aFailedTestWritesNoCassette() {
    base = origin.uri("");

    SampleRun run = SampleRun.of(FailingSession.class, Map.of(Cassette.DIRECTORY, cassettes.toString()));

    assertThat(run.failure("failsAfterTheRequest")).hasMessage("failed on purpose");
    assertThat(origin.all()).hasSize(1);
    assertThat(cassettes.resolve("CassetteTest.FailingSession")).doesNotExist();
  }

  @Test
  void recordAllRecordsAgainOverAnExistingCassette() throws Exception {
    base = origin.uri("");
    Map<String, String> config = Map.of(Cassette.DIRECTORY, cassettes.toString());
    query = "x=1";
    assertThat(SampleRun.of(HttpSession.class, config).passed("getsOnePage")).isTrue();
    query = "x=2";

    assertThat(SampleRun.of(HttpSession.class,
        Map.of(Cassette.DIRECTORY, cassettes.toString(), RecordMode.PROPERTY, "ALL")).passed("getsOnePage")).isTrue();

    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/page?x=1", "/page?x=2");
    assertThat(FlowReader.readAll(cassettes.resolve("CassetteTest.HttpSession/getsOnePage.mitm")))
        .extracting(Flow::request).extracting(request -> request.path()).containsExactly("/page?x=2");
    assertThat(SampleRun.of(HttpSession.class, config).passed("getsOnePage")).isTrue();
    assertThat(origin.all()).hasSize(2);
  }

  @Test
  void eachInvocationOfARepeatedTestHasItsOwnCassette() {
    base = origin.uri("");

    assertThat(SampleRun.of(RepeatedSession.class, Map.of(Cassette.DIRECTORY, cassettes.toString()))
        .passed("repetition 2 of 2")).isTrue();

    assertThat(cassettes.resolve("CassetteTest.RepeatedSession/getsAPage-1.mitm")).isRegularFile();
    assertThat(cassettes.resolve("CassetteTest.RepeatedSession/getsAPage-2.mitm")).isRegularFile();
  }

  @Test
  void aCassetteThatCannotBeWrittenFailsTheTestNamingIt() throws Exception {
    base = origin.uri("");
    Path notADirectory = Files.writeString(cassettes.resolve("occupied"), "a file where the cassettes should go");

    Throwable failure = SampleRun.of(HttpSession.class, Map.of(Cassette.DIRECTORY, notADirectory.toString()))
        .failure("getsOnePage");

    assertThat(failure).hasMessageStartingWith(
        notADirectory.resolve("CassetteTest.HttpSession/getsOnePage.mitm") + ": cannot write the cassette");
  }

  @Test
  void redactedHeadersNeverReachTheCassetteButDoReachTheClient() throws Exception {
    base = origin.uri("");
    Map<String, String> config = Map.of(Cassette.DIRECTORY, cassettes.toString());

    assertThat(SampleRun.of(RedactedSession.class, config).passed("logsIn")).isTrue();

    Flow recorded = FlowReader.readAll(cassettes.resolve("CassetteTest.RedactedSession/logsIn.mitm")).get(0);
    assertThat(recorded.request().headers().get("Authorization")).isEqualTo("REDACTED");
    assertThat(recorded.response().headers().get("Set-Cookie")).isEqualTo("REDACTED");
    assertThat(origin.take().header("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(SampleRun.of(RedactedSession.class, config).passed("logsIn")).isTrue();
    assertThat(origin.all()).hasSize(1);
  }

  @Test
  void aBadRecordModeFailsNamingTheProperty() {
    base = origin.uri("");

    Throwable failure = SampleRun.of(HttpSession.class,
        Map.of(Cassette.DIRECTORY, cassettes.toString(), RecordMode.PROPERTY, "sometimes")).failure("getsOnePage");

    assertThat(failure).hasMessage("sluice.record: expected missing, none or all, got \"sometimes\"");
    assertThat(origin.all()).isEmpty();
  }

  /** Makes the sample's proxy trust the HTTPS origin. */
  static final class TrustTheOrigin implements Consumer<ProxyServer.Builder> {
    @Override
    public void accept(ProxyServer.Builder proxy) {
      proxy.upstreamTrust(originCa.trustManager());
    }
  }

  @Sluice(configure = TrustTheOrigin.class)
  @Cassette
  @SampleRun.OnlyHere
  static class HttpsSession {
    @Test
    void talksToTheOrigin(HttpClient client) throws Exception {
      HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create(base + "/first?x=1")).build(),
          BodyHandlers.ofString());
      HttpResponse<String> echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
          .POST(BodyPublishers.ofString("hello over TLS")).build(), BodyHandlers.ofString());

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-Echo-Target")).hasValue("/first?x=1");
      assertThat(echo.body()).isEqualTo("hello over TLS");
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class HttpSession {
    @Cassette
    @Test
    void getsOnePage(HttpClient client) throws Exception {
      HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/page?" + query)).build(),
          BodyHandlers.ofString());

      assertThat(page.headers().firstValue("X-Echo-Target")).hasValue("/page?" + query);
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class RepeatedSession {
    @Cassette
    @RepeatedTest(2)
    void getsAPage(HttpClient client) throws Exception {
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/page")).build(), BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class RedactedSession {
    @Cassette(redactHeaders = {"Authorization", "Set-Cookie"})
    @Test
    void logsIn(HttpClient client) throws Exception {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/cookie/session=abc"))
          .header("Authorization", "Bearer s3cret").build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Set-Cookie")).isPresent();
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class FailingSession {
    @Cassette
    @Test
    void failsAfterTheRequest(HttpClient client) throws Exception {
      client.send(HttpRequest.newBuilder(URI.create(base + "/page")).build(), BodyHandlers.ofString());
      throw new AssertionError("failed on purpose");
    }
  }
}
