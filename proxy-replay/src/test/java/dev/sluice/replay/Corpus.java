package dev.sluice.replay;

import dev.sluice.api.Flow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shared test corpora, beside the project checkout: {@code <root>/../shared/corpora}. Found
 * from the working directory (the module or the project root) or, for a clone made elsewhere
 * ({@code git clone . $(mktemp -d)}), from the local checkout it was cloned from; a missing corpus
 * fails the test with a message saying where it was looked for.
 */
final class Corpus {

  private Corpus() {}

  /** The corpus directory. */
  static Path root() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Optional<Path> origin = clonedFrom(here);
    return besideAnyParent(here).or(() -> origin.flatMap(Corpus::besideAnyParent))
        .orElseThrow(() -> new IllegalStateException("the test corpora are missing: expected ../shared/corpora"
            + " beside the project checkout (looked upwards from " + here
            + origin.map(o -> " and from " + o + ", which it was cloned from").orElse("") + ")"));
  }

  private static Optional<Path> besideAnyParent(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("corpora");
      if (Files.isDirectory(candidate.resolve("mitmproxy"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The local directory the checkout holding {@code dir} was cloned from: its git origin, when that is a path. */
  private static Optional<Path> clonedFrom(Path dir) {
    for (Path at = dir; at != null; at = at.getParent()) {
      Path config = at.resolve(".git").resolve("config");
      if (Files.isRegularFile(config)) {
        try (Stream<String> lines = Files.lines(config)) {
          return lines.map(String::trim).filter(line -> line.startsWith("url = /")).findFirst()
              .map(line -> Path.of(line.substring("url = ".length())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  /** A corpus file, such as {@code mitmproxy/flows/websocket.mitm}. */
  static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("corpus file missing: " + file);
    }
    return file;
  }

  /** Every HTTP flow of every mitmproxy dump in the corpus that mitmproxy reads (all but 0.10's). */
  static List<Flow> allDumpFlows() throws IOException {
    List<Flow> flows = new ArrayList<>();
    for (String directory : List.of("mitmproxy/dumpfiles", "mitmproxy/flows")) {
      for (Path file : files(directory, ".mitm")) {
        if (!file.getFileName().toString().equals("dumpfile-010.mitm")) {
          flows.addAll(FlowReader.readAll(file));
        }
      }
    }
    return flows;
  }

  /** The files of a corpus directory whose names end with {@code suffix}, sorted. */
  static List<Path> files(String directory, String suffix) {
    try (Stream<Path> files = Files.list(root().resolve(directory))) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
