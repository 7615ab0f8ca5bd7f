package dev.sluice.junit5;

import dev.sluice.api.Flow;
import dev.sluice.web.FlowReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A failed test's flows as one HTML file (proxy-web's {@link FlowReport}, the web view's page with
 * the flows inside), at {@code <directory>/<TestClass>/<method>.html}: the directory of
 * {@link Sluice#report()}, else of the {@value Sluice#REPORT} configuration parameter, else
 * {@value Sluice#DEFAULT_REPORT_DIRECTORY}; {@code off} writes none. A report that cannot be
 * written never hides the test's own failure: the line that would name it says why instead.
 */
final class FailureReport {

  private static final String OFF = "off";

  private FailureReport() {}

  /**
   * Writes the report of {@code flows} for the test of {@code context}; returns the line for its
   * failure message that names the file, or nothing when reports are off or there are no flows.
   */
  static Optional<String> write(ExtensionContext context, Settings settings, List<Flow> flows) {
    String directory = settings.report().isBlank()
        ? context.getConfigurationParameter(Sluice.REPORT).filter(value -> !value.isBlank()).orElse(Sluice.DEFAULT_REPORT_DIRECTORY)
        : settings.report();
    if (flows.isEmpty() || directory.trim().toLowerCase(Locale.ROOT).equals(OFF)) {
      return Optional.empty();
    }
    Path file = TestFiles.of(context, directory.trim(), ".html");
    String title = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    try {
      FlowReport.write(file, title, flows);
      return Optional.of("HTML report of these flows: " + file.toAbsolutePath());
    } catch (IOException | RuntimeException e) {
      return Optional.of("the HTML report of these flows was not written: " + e.getMessage());
    }
  }
}
