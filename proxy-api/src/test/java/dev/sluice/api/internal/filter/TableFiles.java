package dev.sluice.api.internal.filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** Reads the test tables next to these tests: every line that is neither blank nor a # comment. */
final class TableFiles {

  private TableFiles() {}

  static List<String> rows(String name) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(TableFiles.class.getResourceAsStream(name), name), StandardCharsets.UTF_8))) {
      return in.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
