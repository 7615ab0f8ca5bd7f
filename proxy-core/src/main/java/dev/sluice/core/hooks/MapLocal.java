package dev.sluice.core.hooks;

import dev.sluice.api.Blocking;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.core.internal.files.ContentTypes;
import dev.sluice.core.internal.files.LocalFiles;
import dev.sluice.core.internal.spec.PythonRegex;
import dev.sluice.core.internal.spec.SpecParts;
import dev.sluice.core.internal.spec.SpecPaths;
import dev.sluice.core.options.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mitmproxy's {@code map_local}: specs of the form {@code [/filter]/url-regex/path} answer
 * requests from local files, without contacting the upstream. In the {@code request} event, the
 * first spec whose filter matches and whose regex is found in the URL the client meant
 * ({@link dev.sluice.api.HttpRequest#prettyUrl()}) and that has the file answers {@code 200} with
 * its bytes and a {@code Content-Type} from its name. A path that is a file answers every such
 * request; a directory answers with the file the rest of the URL names ({@link LocalFiles}: the
 * regex's first group, or what follows the match up to the query), or the {@code index.html} of
 * the directory it names. When specs matched but none has the file, the answer is {@code 404}.
 *
 * <p>Nothing outside a directory is ever served: a {@code ..} segment (written {@code %2e%2e} or
 * not, {@code %2F} being a slash) or a symbolic link leading out of the directory finds nothing,
 * so the answer is {@code 404}. The path must exist when the spec is read ({@code ~} is the home
 * directory). Files are read on a worker thread (the hook is {@link Blocking}).
 *
 * <pre>{@code
 * ProxyServer.builder().mapLocal("|//example.com/static/|" + Path.of("site")).start();      // the option
 * ProxyServer.builder().hook(MapLocal.of("|~d api.test & ~u /health|/srv/health.json")).start();
 * }</pre>
 */
@Blocking
public final class MapLocal implements FlowHook {

  /** mitmproxy's {@code map_local} option: when not empty, one hook with all its specs, in order; empty by default. */
  public static final Option<List<String>> MAP_LOCAL = Option.sequence("map_local", spec -> spec)
      .help("Answer requests from local files: [/filter]/url-regex/file-or-directory (any separator). A directory "
          + "serves the file the rest of the URL names (index.html for a directory); 404 when it is not there.")
      .check(MapLocal::rules)
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(MapLocal.of(specs));
        }
      })
      .build();

  /** The options of this hook: {@link #MAP_LOCAL}. */
  public static final List<Option<?>> OPTIONS = List.of(MAP_LOCAL);

  private static final Logger LOG = LoggerFactory.getLogger(MapLocal.class);

  /** One spec, read: {@code path} is real (links resolved). */
  private record Rule(String spec, FlowFilter filter, PythonRegex regex, Path path) {}

  private final List<Rule> rules;

  private MapLocal(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * A hook for the given specs, in order.
   *
   * @throws IllegalArgumentException quoting a spec that has fewer than two parts, a bad filter or
   *     regex, or a path that is neither a file nor a directory
   */
  public static MapLocal of(List<String> specs) {
    return new MapLocal(rules(specs));
  }

  /** A hook for the given specs, in order. */
  public static MapLocal of(String... specs) {
    return of(Arrays.asList(specs));
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.error() != null || flow.isKilled()) {
      return;
    }
    String url = flow.request().prettyUrl();
    boolean matched = false;
    for (Rule rule : rules) {
      Matcher match = rule.regex().pattern().matcher(url);
      if (!rule.filter().test(flow) || !match.find()) {
        continue;
      }
      matched = true;
      Optional<Path> file = Files.isRegularFile(rule.path()) ? Optional.of(rule.path())
          : LocalFiles.candidates(url, match).stream().flatMap(name -> LocalFiles.inside(rule.path(), name).stream())
              .findFirst();
      if (file.isPresent() && answer(flow, file.get())) {
        return;
      }
    }
    if (matched) {
      LOG.debug("map_local: no file for {}", url);
      flow.respond(Response.of(404));
    }
  }

  @Override
  public String name() {
    return "map_local";
  }

  /** Answers {@code flow} with {@code file}; false when it cannot be read. */
  private static boolean answer(HttpFlow flow, Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.warn("map_local: cannot read {}: {}", file, e.toString());
      return false;
    }
    HttpResponse.Builder response = Response.builder().status(200);
    ContentTypes.of(file.getFileName().toString()).ifPresent(type -> response.header("Content-Type", type));
    response.header("Content-Length", Integer.toString(content.length));
    flow.respond(response.content(content).build());
    return true;
  }

  private static List<Rule> rules(List<String> specs) {
    return specs.stream().map(MapLocal::rule).toList();
  }

  private static Rule rule(String spec) {
    SpecParts parts = SpecParts.parse(spec);
    PythonRegex regex;
    try {
      regex = PythonRegex.compile(parts.subject());
    } catch (IllegalArgumentException e) {
      throw SpecParts.invalid(spec, e.getMessage(), e);
    }
    return new Rule(spec, parts.filter(), regex, existing(spec, parts.replacement()));
  }

  /** The real path {@code text} names, which must be a file or a directory. */
  private static Path existing(String spec, String text) {
    Path path;
    try {
      path = SpecPaths.of(text).toAbsolutePath().toRealPath();
    } catch (NoSuchFileException | InvalidPathException e) {
      throw SpecParts.invalid(spec, "no such file or directory: " + text, e);
    } catch (IOException e) {
      throw SpecParts.invalid(spec, "cannot read " + text + ": " + e, e);
    }
    if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
      throw SpecParts.invalid(spec, "neither a file nor a directory: " + text);
    }
    return path;
  }
}
