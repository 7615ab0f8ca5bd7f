package dev.sluice.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.api.Flow;
import dev.sluice.replay.internal.har.HarExporter;
import dev.sluice.replay.internal.har.HarImporter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.DeflaterOutputStream;

/**
 * HAR 1.2 files, both ways. Export follows mitmproxy's mapping (its "Export as HAR"), always
 * schema-valid, with websocket messages in Chromium's {@code _webSocketMessages}; a
 * {@code .zhar} file name gets the zlib-compressed form. Import is lenient: it reads what Chrome,
 * Firefox, Charles, Insomnia and mitmproxy write, with or without a byte order mark, plain or
 * zlib-compressed, and names the file and the entry when something is wrong.
 *
 * <pre>{@code
 * List<Flow> flows = Har.read(Path.of("chrome.har"));
 * Har.write(Path.of("session.zhar"), flows);
 * String json = Har.toJson(flows);
 * }</pre>
 */
public final class Har {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Har() {}

  /**
   * The flows of a HAR (or {@code .zhar}) file, one per entry.
   *
   * @throws FlowReadException naming the file and what is wrong with it
   */
  public static List<Flow> read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return HarImporter.read(in, file.toString());
    }
  }

  /** The flows of a HAR document read from {@code in}; {@code name} names it in errors. */
  public static List<Flow> read(InputStream in, String name) throws IOException {
    Objects.requireNonNull(in, "in");
    return HarImporter.read(in.markSupported() ? in : new BufferedInputStream(in), Objects.requireNonNull(name, "name"));
  }

  /**
   * Writes {@code flows} to {@code file} as one HAR document, zlib-compressed when the name ends
   * in {@code .zhar}. The file is replaced atomically: readers never see half a document.
   */
  public static void write(Path file, List<Flow> flows) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(flows, "flows");
    Path absolute = file.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        write(out, flows, isCompressed(file));
      }
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes {@code flows} to {@code out} as one HAR document, zlib-compressed if asked. */
  public static void write(OutputStream out, List<Flow> flows, boolean compressed) throws IOException {
    Objects.requireNonNull(out, "out");
    if (compressed) {
      DeflaterOutputStream zlib = new DeflaterOutputStream(out);
      zlib.write(toJson(flows).getBytes(StandardCharsets.UTF_8));
      zlib.finish();
    } else {
      out.write(toJson(flows).getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
  }

  /** {@code flows} as an indented HAR 1.2 document. */
  public static String toJson(List<Flow> flows) {
    HarExporter exporter = new HarExporter("Sluice", version());
    Objects.requireNonNull(flows, "flows").forEach(exporter::add);
    try {
      return JSON.writeValueAsString(exporter.document());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a HAR tree does not serialise: " + e.getMessage(), e);
    }
  }

  /** Whether a file of this name is written as HAR ({@code .har} or {@code .zhar}). */
  static boolean isHar(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".har") || name.endsWith(".zhar");
  }

  private static boolean isCompressed(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zhar");
  }

  private static String version() {
    String version = Har.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
