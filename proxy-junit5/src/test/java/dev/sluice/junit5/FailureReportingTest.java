package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawOrigin;
import dev.sluice.junit5.internal.FlowLogDump;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;

/** How the extension fails a test, what it prints and the HTML report it writes, seen from outside sample tests. */
class FailureReportingTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static final String SAMPLE = "FailureReportingTest.FailsAfterARequest";

  private static URI target;
  private static final CountDownLatch arrived = new CountDownLatch(1);
  private static final CountDownLatch release = new CountDownLatch(1);

  @TempDir
  Path dir;

  @Test
  void aFailedTestCarriesTheFlowLogAndAPassingTestPrintsNothing() {
    target = origin.uri("/failing");

    SampleRun run = SampleRun.of(FailsAfterARequest.class);

    Throwable failure = run.failure("failsAfterARequest");
    assertThat(failure).hasMessage("the test's own assertion");
    assertThat(failure.getSuppressed()).singleElement().isInstanceOf(FlowLogDump.class)
        .extracting(Throwable::getMessage).asString()
        .contains("Flows through the Sluice proxy (1 finished, 0 under way):")
        .contains("1. GET " + target + " -> 200 (upstream, 0 bytes)");
    assertThat(run.outcome("failsAfterARequest").reports()).singleElement()
        .extracting(entry -> entry.getKeyValuePairs().get(SluiceExtension.REPORT_KEY)).asString()
        .contains("GET " + target);
    assertThat(run.passed("passes")).isTrue();
    assertThat(run.outcome("passes").reports()).isEmpty();
  }

  @Test
  void aTestThatLeavesAFlowUnfinishedFailsNamingIt() throws Exception {
    try (RawOrigin stuck = RawOrigin.start((socket, head) -> awaitRelease())) {
      target = URI.create("http://127.0.0.1:" + stuck.port() + "/never-answered");

      SampleRun run = SampleRun.of(LeavesAFlowUnfinished.class);

      release.countDown();
      assertThat(run.failure("sendsWithoutWaiting"))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("the test left 1 flow(s) unfinished in the Sluice proxy: GET " + target)
          .hasMessageContaining("under way: GET " + target);
      assertThat(run.outcome("sendsWithoutWaiting").reports()).extracting(ReportEntry::getKeyValuePairs)
          .singleElement().satisfies(entry -> assertThat(entry).containsKey(SluiceExtension.REPORT_KEY));
    }
  }

  @Test
  void aFailedTestsFlowsAreWrittenAsAnHtmlReportThatItsFailureNamesAndAPassingTestWritesNone() throws Exception {
    target = origin.uri("/reported");

    SampleRun run = SampleRun.of(FailsAfterARequest.class, Map.of(Sluice.REPORT, dir.toString()));

    Path report = dir.resolve(SAMPLE).resolve("failsAfterARequest.html");
    assertThat(run.failure("failsAfterARequest").getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
        .contains("1. GET " + target + " -> 200")
        .endsWith("\nHTML report of these flows: " + report.toAbsolutePath());
    assertThat(run.outcome("failsAfterARequest").reports()).singleElement().extracting(entry -> entry.getKeyValuePairs().get(SluiceExtension.REPORT_KEY))
        .asString().endsWith("HTML report of these flows: " + report.toAbsolutePath());
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>")
        .contains("<title>FailsAfterARequest.failsAfterARequest</title>")
        .contains("<script type=\"application/json\" id=\"sluice-report\">").contains(target.toString());
    assertThat(run.passed("passes")).isTrue();
    assertThat(dir.resolve(SAMPLE)).isDirectoryNotContaining(file -> file.getFileName().toString().startsWith("passes"));
  }

  @Test
  void byDefaultTheReportGoesUnderTargetAndOffWritesNone() throws Exception {
    target = origin.uri("/default");
    Path byDefault = Path.of(Sluice.DEFAULT_REPORT_DIRECTORY, SAMPLE, "failsAfterARequest.html");
    Files.deleteIfExists(byDefault);

    SampleRun.of(FailsAfterARequest.class, Map.of(Sluice.REPORT, "off"));
    assertThat(byDefault).doesNotExist();

    SampleRun run = SampleRun.of(FailsAfterARequest.class);
    assertThat(byDefault).content().contains(target.toString());
    assertThat(run.failure("failsAfterARequest").getSuppressed()[0]).hasMessageEndingWith(byDefault.toAbsolutePath().toString());
  }

  @Test
  void theAnnotationMovesTheReportOrTurnsItOffWhateverTheParameterSays() throws Exception {
    target = origin.uri("/annotated");

    SampleRun off = SampleRun.of(ReportsOff.class, Map.of(Sluice.REPORT, dir.toString()));
    assertThat(off.failure("failsAfterARequest").getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
        .doesNotContain("HTML report");
    assertThat(dir).isEmptyDirectory();

    Path moved = dir.resolve("moved");
    ReportsMoved.directory = moved;
    SampleRun.of(ReportsMoved.class, Map.of(Sluice.REPORT, "off"));
    assertThat(moved.resolve("FailureReportingTest.ReportsMoved/failsAfterARequest.html")).content().contains(target.toString());
  }

  private static void awaitRelease() {
    arrived.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class FailsAfterARequest {
    @Test
    void failsAfterARequest(HttpClient client) throws Exception {
      client.send(HttpRequest.newBuilder(target).build(), BodyHandlers.discarding());
      throw new AssertionError("the test's own assertion");
    }

    @Test
    void passes(HttpClient client) throws Exception {
      client.send(HttpRequest.newBuilder(target).build(), BodyHandlers.discarding());
    }
  }

  @Sluice
  @SampleRun.OnlyHere
  static class LeavesAFlowUnfinished {
    @Test
    void sendsWithoutWaiting(HttpClient client) throws InterruptedException {
      client.sendAsync(HttpRequest.newBuilder(target).build(), BodyHandlers.discarding());
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Sluice(report = "off")
  @SampleRun.OnlyHere
  static class ReportsOff extends FailsAfterARequest {}

  @SampleRun.OnlyHere
  static class ReportsMoved {
    static Path directory;

    @RegisterExtension
    final SluiceExtension sluice = SluiceExtension.builder().report(directory.toString()).build();

    @Test
    void failsAfterARequest(HttpClient client) throws Exception {
      client.send(HttpRequest.newBuilder(target).build(), BodyHandlers.discarding());
      throw new AssertionError("the test's own assertion");
    }
  }
}
