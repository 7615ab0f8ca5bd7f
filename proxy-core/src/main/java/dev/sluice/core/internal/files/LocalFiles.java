package dev.sluice.core.internal.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Where {@code map_local} looks for the file a URL names under a directory, as mitmproxy's
 * {@code file_candidates} does, and the one place that decides whether a file may be served: it
 * must be a regular file inside the directory once every symbolic link is followed.
 *
 * <p>The part of the URL that names the file is the regex's first group, or else what follows
 * the match up to the query. It is percent-decoded (so
 * {@code %2F} is a slash and {@code %2e%2e} is {@code ..}) and tried as it is and with
 * {@code /index.html}, then with every character but {@code 0-9a-zA-Z-_.=(),/} made {@code _}.
 * Empty and {@code .} segments are dropped (so slashes at either end do not count, and naming
 * the directory itself means its {@code index.html}); a {@code ..} segment anywhere gives no
 * candidates.
 *
 * <pre>{@code
 * LocalFiles.candidates("https://example.com/foo/bar.jpg?x", matcher);   // [bar.jpg, bar.jpg/index.html]
 * LocalFiles.inside(root, "bar.jpg");                                    // Optional[/srv/site/bar.jpg]
 * }</pre>
 */
public final class LocalFiles {

  private static final Pattern UNSAFE_CHARACTER = Pattern.compile("[^0-9a-zA-Z\\-_.=(),/]");

  private LocalFiles() {}

  /**
   * The paths, relative to the directory and in order of preference, that {@code url} may name,
   * given {@code match}, a match of the spec's regex in it; empty when the URL would leave the
   * directory.
   */
  public static List<String> candidates(String url, MatchResult match) {
    String suffix;
    if (match.groupCount() > 0) {
      suffix = match.group(1) == null ? "" : match.group(1);
    } else {
      suffix = url.substring(match.end());
      int query = suffix.indexOf('?');
      suffix = query < 0 ? suffix : suffix.substring(0, query);
    }
    String decoded = percentDecoded(suffix);
    String escaped = UNSAFE_CHARACTER.matcher(decoded).replaceAll("_");
    List<String> names = new ArrayList<>(List.of(decoded, decoded + "/index.html"));
    if (!escaped.equals(decoded)) {
      names.addAll(List.of(escaped, escaped + "/index.html"));
    }
    List<String> relative = new ArrayList<>();
    for (String name : names) {
      Optional<String> path = normalised(name);
      if (path.isEmpty()) {
        return List.of();
      }
      if (!relative.contains(path.get())) {
        relative.add(path.get());
      }
    }
    relative.remove("");
    return relative;
  }

  /**
   * The regular file {@code relative} names under {@code root} (a real path, links resolved),
   * when there is one and it is still inside {@code root} after every symbolic link is followed.
   */
  public static Optional<Path> inside(Path root, String relative) {
    try {
      Path candidate = root.resolve(relative);
      if (!Files.isRegularFile(candidate)) {
        return Optional.empty();
      }
      Path real = candidate.toRealPath();
      return real.startsWith(root) ? Optional.of(real) : Optional.empty();
    } catch (InvalidPathException | IOException e) {
      return Optional.empty();
    }
  }

  /** {@code path} with empty and {@code .} segments dropped; empty when a segment is {@code ..}. */
  private static Optional<String> normalised(String path) {
    List<String> kept = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.empty();
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        kept.add(segment);
      }
    }
    return Optional.of(String.join("/", kept));
  }

  /** {@code text} with {@code %XX} escapes decoded as UTF-8 (bad sequences become U+FFFD; a stray {@code %} stays). */
  static String percentDecoded(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int end = i + Character.charCount(text.codePointAt(i));
        bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String text, int at) {
    return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
  }
}
