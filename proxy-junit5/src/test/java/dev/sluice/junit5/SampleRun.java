package dev.sluice.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a sample test class with the JUnit platform and keeps what happened to each test: how the
 * extension fails tests can only be seen from outside them. Sample classes carry
 * {@link SampleRun.OnlyHere} so that the build's own test run skips them.
 *
 * <pre>{@code
 * SampleRun run = SampleRun.of(MySample.class, Map.of("sluice.record", "all"));
 * assertThat(run.failure("myTest")).hasMessageContaining("...");
 * }</pre>
 */
final class SampleRun {

  private static final String MARKER = "sluice.sample-run";

  /** What happened to one test. */
  record Outcome(TestExecutionResult result, List<ReportEntry> reports) {}

  private final Map<String, Outcome> outcomes;

  private SampleRun(Map<String, Outcome> outcomes) {
    this.outcomes = outcomes;
  }

  /** Runs {@code testClass} with the configuration parameters {@code configuration}. */
  static SampleRun of(Class<?> testClass, Map<String, String> configuration) {
    Map<String, String> parameters = new HashMap<>(configuration);
    parameters.put(MARKER, "true");
    Map<String, Outcome> outcomes = new HashMap<>();
    Map<String, List<ReportEntry>> reports = new HashMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
        .filters(EngineFilter.includeEngines("junit-jupiter"))
        .configurationParameters(parameters).build(), new TestExecutionListener() {
          @Override
          public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            reports.computeIfAbsent(test.getDisplayName(), k -> new ArrayList<>()).add(entry);
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              String name = test.getDisplayName().replaceAll("\\(.*", "");
              outcomes.put(name, new Outcome(result, reports.getOrDefault(test.getDisplayName(), List.of())));
            }
          }
        });
    return new SampleRun(outcomes);
  }

  /** Runs {@code testClass} with no configuration parameters. */
  static SampleRun of(Class<?> testClass) {
    return of(testClass, Map.of());
  }

  /** What happened to test method {@code method}. */
  Outcome outcome(String method) {
    Outcome outcome = outcomes.get(method);
    if (outcome == null) {
      throw new AssertionError("no test " + method + " ran; ran: " + outcomes.keySet());
    }
    return outcome;
  }

  /** Whether test {@code method} passed. */
  boolean passed(String method) {
    return outcome(method).result().getStatus() == TestExecutionResult.Status.SUCCESSFUL;
  }

  /** Why test {@code method} failed; fails if it passed. */
  Throwable failure(String method) {
    Optional<Throwable> failure = outcome(method).result().getThrowable();
    return failure.orElseThrow(() -> new AssertionError(method + " passed"));
  }

  /** Runs a class only inside {@link SampleRun#of}, never in the build's own test run. */
  @ExtendWith(OnlyHereCondition.class)
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
  @interface OnlyHere {}

  /** The condition behind {@link OnlyHere}. */
  static final class OnlyHereCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(MARKER).isPresent()
          ? ConditionEvaluationResult.enabled("run by SampleRun")
          : ConditionEvaluationResult.disabled("a sample for SampleRun");
    }
  }
}
