package dev.sluice.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Flow;
import dev.sluice.web.internal.FlowJson;
import dev.sluice.web.internal.HtmlPage;
import dev.sluice.web.internal.ScriptSafeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Flows as one self-contained HTML file: the web view's list and detail views with the flows
 * embedded, which opens in a browser with no network and loads nothing (its content security
 * policy allows only what it carries). Each body holds at most {@link #BODY_LIMIT} bytes, and the
 * page says when one was cut. The JUnit extension writes one for a failed test; the command line
 * writes one with {@code --report}.
 *
 * <pre>{@code
 * FlowReport.write(Path.of("target/checkout.html"), "CheckoutTest", proxy.flows());
 * }</pre>
 */
public final class FlowReport {

  /** The most bytes of each body a report holds: 64 KiB. */
  public static final int BODY_LIMIT = 64 * 1024;

  private FlowReport() {}

  /** The report of {@code flows}, in order, titled {@code title}, as HTML text. */
  public static String html(String title, List<? extends Flow> flows) {
    Objects.requireNonNull(title, "title");
    ObjectNode report = ScriptSafeJson.object().put("title", title).put("created", Instant.now().toEpochMilli());
    ArrayNode list = report.putArray("flows");
    for (int i = 0; i < Objects.requireNonNull(flows, "flows").size(); i++) {
      list.add(FlowJson.detail(flows.get(i), i + 1, BODY_LIMIT));
    }
    return HtmlPage.bundled().report(title, ScriptSafeJson.write(report));
  }

  /**
   * Writes the report of {@code flows} to {@code file}, replacing it and creating its directory;
   * returns {@code file}.
   *
   * @throws IOException naming the file when it cannot be written
   */
  public static Path write(Path file, String title, List<? extends Flow> flows) throws IOException {
    Objects.requireNonNull(file, "file");
    String html = html(title, flows);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(file + ": cannot write the flow report: " + e.getMessage(), e);
    }
    return file;
  }
}
