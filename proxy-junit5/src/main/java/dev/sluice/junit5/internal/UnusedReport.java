package dev.sluice.junit5.internal;

import dev.sluice.api.Request;
import java.nio.file.Path;
import java.util.List;

/** The failure message for recorded interactions that a test, strict about them, never used. */
public final class UnusedReport {

  private static final int MAX_LISTED = 20;

  private UnusedReport() {}

  /**
   * Names the cassette, lists {@code unused} (the recorded requests, in recorded order), says
   * where {@code setting} (such as {@code @Cassette(allowUnused = false)}) made the test strict,
   * and how to fix it, ending with {@code relax}, the way to allow unused interactions.
   */
  public static String of(Path cassette, List<Request> unused, String setting, String relax) {
    StringBuilder text = new StringBuilder("Sluice cassette " + cassette + " has " + unused.size()
        + " recorded request(s) that the test never used, and " + setting + " does not allow that:");
    for (Request request : unused.subList(0, Math.min(unused.size(), MAX_LISTED))) {
      text.append("\n  ").append(FlowDescriptions.request(request));
    }
    if (unused.size() > MAX_LISTED) {
      text.append("\n  ... and ").append(unused.size() - MAX_LISTED).append(" more");
    }
    return text.append("\n  To fix it: remove them from the cassette, record it again with -Dsluice.record=all,")
        .append(" or allow unused interactions with ").append(relax).toString();
  }
}
