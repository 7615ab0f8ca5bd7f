package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.internal.FlowLogDump;
import dev.sluice.replay.FlowReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Cassette(allowUnused = false)}: a replayed test fails when recorded interactions went unused. */
class CassetteUnusedTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @TempDir
  Path cassettes;

  private static URI base;
  /** What the sample tests send, in order: {@code "GET /a"}, or {@code "POST /b"} with the body {@code hello}. */
  private static List<String> requests = List.of();
  private static boolean failAtTheEnd;

  private Map<String, String> config;

  @BeforeEach
  void useTheOriginAndTheTemporaryCassettes() {
    base = origin.uri("");
    failAtTheEnd = false;
    config = Map.of(Cassette.DIRECTORY, cassettes.toString());
  }

  @Test
  void aPassingTestThatLeavesRecordingsUnusedFailsListingThemInRecordedOrder() {
    record(StrictSession.class, "GET /a", "POST /b", "GET /c");
    requests = List.of("GET /a");

    Throwable failure = SampleRun.of(StrictSession.class, config).failure("sends");

    assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("Sluice cassette "
        + cassettes.resolve("CassetteUnusedTest.StrictSession/sends.mitm")
        + " has 2 recorded request(s) that the test never used, and @Cassette(allowUnused = false) does not allow that:"
        + "\n  POST " + base + "/b (5 bytes)"
        + "\n  GET " + base + "/c"
        + "\n  To fix it: remove them from the cassette, record it again with -Dsluice.record=all,"
        + " or allow unused interactions with @Cassette(allowUnused = true)");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void aTestThatUsesEveryRecordingPasses() {
    record(StrictSession.class, "GET /a", "GET /a", "POST /b");
    requests = List.of("POST /b", "GET /a", "GET /a");

    assertThat(SampleRun.of(StrictSession.class, config).passed("sends")).isTrue();
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void byDefaultUnusedRecordingsAreAllowed() {
    record(LenientSession.class, "GET /a", "GET /b");
    requests = List.of("GET /b");

    assertThat(SampleRun.of(LenientSession.class, config).passed("sends")).isTrue();
  }

  @Test
  void theConfigurationParameterMakesEveryCassetteStrictAndNamesItselfInTheFailure() {
    record(LenientSession.class, "GET /a", "GET /b");
    requests = List.of("GET /a");

    Throwable failure = SampleRun.of(LenientSession.class, with(Cassette.ALLOW_UNUSED, "false")).failure("sends");

    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageContaining("has 1 recorded request(s) that the test never used,"
            + " and sluice.cassettes.allowUnused=false does not allow that:\n  GET " + base + "/b\n")
        .hasMessageEndingWith("or allow unused interactions with sluice.cassettes.allowUnused=true");
  }

  @Test
  void theConfigurationParameterOverridesTheAnnotationAsTheRecordModeDoes() {
    record(StrictSession.class, "GET /a", "GET /b");
    requests = List.of("GET /a");

    assertThat(SampleRun.of(StrictSession.class, with(Cassette.ALLOW_UNUSED, " TRUE ")).passed("sends")).isTrue();
  }

  @Test
  void aBadParameterValueFailsNamingTheParameterAndTheValue() {
    requests = List.of("GET /a");

    Throwable failure = SampleRun.of(LenientSession.class, with(Cassette.ALLOW_UNUSED, "sometimes")).failure("sends");

    assertThat(failure).hasMessage("sluice.cassettes.allowUnused: expected true or false, got \"sometimes\"");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void recordingNeverFailsForUnusedInteractions() throws Exception {
    record(StrictSession.class, "GET /a", "GET /b");
    requests = List.of("GET /c");

    assertThat(SampleRun.of(StrictSession.class, with(RecordMode.PROPERTY, "all")).passed("sends")).isTrue();

    assertThat(FlowReader.readAll(cassettes.resolve("CassetteUnusedTest.StrictSession/sends.mitm")))
        .extracting(Flow::request).extracting(request -> request.path()).containsExactly("/c");
  }

  @Test
  void aTestThatFailedAnywayIsNotAlsoFailedForUnusedRecordings() {
    record(StrictSession.class, "GET /a", "GET /b");
    requests = List.of("GET /a");
    failAtTheEnd = true;

    Throwable failure = SampleRun.of(StrictSession.class, config).failure("sends");

    assertThat(failure).hasMessage("failed on purpose");
    assertThat(failure.getSuppressed()).singleElement().isInstanceOf(FlowLogDump.class);
  }

  @Test
  void aRequestThatMissedAndTheRecordingsLeftUnusedAreBothReported() {
    record(StrictSession.class, "GET /a?page=1", "GET /b");
    requests = List.of("GET /a?page=2", "GET /b");

    Throwable failure = SampleRun.of(StrictSession.class, config).failure("sends");

    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageContaining("has no recorded response for 1 request(s)")
        .hasMessageContaining("\n  GET " + base + "/a?page=2\n      closest recorded: GET " + base + "/a?page=1");
    assertThat(failure.getSuppressed()).hasSize(2);
    assertThat(failure.getSuppressed()[0]).isInstanceOf(AssertionError.class)
        .extracting(Throwable::getMessage).asString()
        .contains("has 1 recorded request(s) that the test never used")
        .contains("\n  GET " + base + "/a?page=1\n");
    assertThat(failure.getSuppressed()[1]).isInstanceOf(FlowLogDump.class)
        .hasMessageStartingWith("HTML report of these flows: ").hasMessageEndingWith("CassetteUnusedTest.StrictSession/sends.html");
  }

  /** Records {@code sample}'s cassette with {@code recorded} sent to the origin. */
  private void record(Class<?> sample, String... recorded) {
    requests = List.of(recorded);
    assertThat(SampleRun.of(sample, config).passed("sends")).isTrue();
    assertThat(origin.all()).hasSize(recorded.length);
    origin.reset();
  }

  private Map<String, String> with(String parameter, String value) {
    Map<String, String> parameters = new HashMap<>(config);
    parameters.put(parameter, value);
    return parameters;
  }

  /** Sends {@link #requests} (answers are not checked: the cassette's own checks are under test). */
  static void sendTheRequests(HttpClient client) throws Exception {
    for (String request : requests) {
      String[] methodAndPath = request.split(" ");
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + methodAndPath[1]));
      if (methodAndPath[0].equals("POST")) {
        builder.POST(BodyPublishers.ofString("hello"));
      }
      client.send(builder.build(), BodyHandlers.discarding());
    }
    if (failAtTheEnd) {
      throw new AssertionError("failed on purpose");
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class StrictSession {
    @Cassette(allowUnused = false)
    @Test
    void sends(HttpClient client) throws Exception {
      sendTheRequests(client);
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class LenientSession {
    @Cassette
    @Test
    void sends(HttpClient client) throws Exception {
      sendTheRequests(client);
    }
  }
}
