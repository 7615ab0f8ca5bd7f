package dev.sluice.junit5.internal;

import dev.sluice.api.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The failure message for requests that a cassette did not answer. */
public final class MissReport {

  private static final int MAX_LISTED = 20;

  private MissReport() {}

  /**
   * Names the cassette, each unmatched request with the closest recorded one and the fields that
   * differ, and how to re-record.
   */
  public static String of(Path cassette, List<Request> misses, List<Request> recorded) {
    StringBuilder text = new StringBuilder("Sluice cassette " + cassette + " has no recorded response for "
        + misses.size() + " request(s); they were answered " + CassetteReplay.MISS_STATUS + " and not forwarded:");
    for (Request miss : misses.subList(0, Math.min(misses.size(), MAX_LISTED))) {
      text.append("\n  ").append(FlowDescriptions.request(miss));
      closest(miss, recorded).ifPresent(near -> text.append("\n      closest recorded: ")
          .append(FlowDescriptions.request(near)).append(" (differs in ")
          .append(String.join(", ", differences(miss, near))).append(')'));
    }
    text.append("\n  The cassette holds ").append(recorded.size()).append(" request(s) with a response.")
        .append(" Requests match on method, scheme, host, port, path, query and body; each recorded response")
        .append(" is used once.")
        .append("\n  To record it again: delete the file, or run with -Dsluice.record=all");
    return text.toString();
  }

  private static Optional<Request> closest(Request miss, List<Request> recorded) {
    return recorded.stream().min(Comparator.comparingInt(r -> differences(miss, r).size()));
  }

  /** The names of the matched fields in which {@code a} and {@code b} differ. */
  static List<String> differences(Request a, Request b) {
    List<String> fields = new ArrayList<>();
    compare(fields, "method", a.method(), b.method());
    compare(fields, "scheme", a.scheme(), b.scheme());
    compare(fields, "host", a.host(), b.host());
    compare(fields, "port", a.port(), b.port());
    compare(fields, "path", pathOf(a.path()), pathOf(b.path()));
    compare(fields, "query", queryOf(a.path()), queryOf(b.path()));
    if (!a.isStreamed() && !b.isStreamed() && !Arrays.equals(a.rawContent(), b.rawContent())) {
      fields.add("body");
    }
    return fields;
  }

  private static void compare(List<String> fields, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      fields.add(name);
    }
  }

  private static String pathOf(String target) {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  private static String queryOf(String target) {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }
}
