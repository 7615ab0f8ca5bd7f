package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.RawOrigin;
import dev.sluice.junit5.internal.FlowLogDump;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.ReportEntry;

/** How the extension fails a test, and what it prints, seen from outside sample tests. */
class FailureReportingTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static URI target;
  private static final CountDownLatch arrived = new CountDownLatch(1);
  private static final CountDownLatch release = new CountDownLatch(1);

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
}
