package dev.sluice.core.internal.options;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The known name closest to a misspelt one, by the number of single-character edits (insertions,
 * deletions, substitutions, and swaps of two neighbours) that turn one into the other.
 *
 * <pre>{@code
 * NearestName.of("anticahce", List.of("anticache", "anticomp"));   // Optional[anticache]
 * }</pre>
 */
public final class NearestName {

  private NearestName() {}

  /**
   * The name of {@code known} fewest edits away from {@code name} (the first such in iteration
   * order), if it is close enough to be a likely typo: at most a third of the longer name's
   * length, and at least two edits always count.
   */
  public static Optional<String> of(String name, Collection<String> known) {
    return known.stream()
        .filter(candidate -> distance(name, candidate) <= Math.max(2, Math.max(name.length(), candidate.length()) / 3))
        .min(Comparator.comparingInt(candidate -> distance(name, candidate)));
  }

  /** The optimal string alignment distance between {@code a} and {@code b}. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
