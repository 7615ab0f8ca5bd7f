package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpMessage;
import dev.sluice.core.options.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mitmproxy's {@code modify_body} (formerly {@code replacements}): specs of the form
 * {@code [/filter]/regex/[@]replacement}. On the request (while no response is set) and on the
 * response, each matching spec replaces every match of its regex in the decoded body with the
 * literal replacement, each spec working on the previous one's output; the body is then encoded
 * again with its {@code Content-Encoding} and {@code Content-Length} is fixed. The regex works on
 * bytes (as in mitmproxy), with {@code .} matching newlines. Streamed bodies are left alone (a
 * warning is logged once).
 *
 * <pre>{@code
 * ProxyServer.builder().hook(ModifyBody.of("/~s & ~t html/Example Domain/Sluice Domain")).start();
 * ProxyServer.builder().modifyBody("/~s & ~t html/Example Domain/Sluice Domain").start();   // through the option
 * }</pre>
 */
public final class ModifyBody implements FlowHook {

  /**
   * mitmproxy's {@code modify_body} option (older name {@code replacements}): when not empty, one
   * hook with all its specs, in order; empty by default.
   */
  public static final Option<List<ModifySpec>> MODIFY_BODY = Option.sequence("modify_body", ModifySpec::parse)
      .alias("replacements")
      .help("Replace in bodies: [/filter]/regex/[@]replacement (any separator; @ reads the replacement from a "
          + "file). Each spec works on the previous one's output.")
      .check(ModifyBody::patterns)
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(ModifyBody.of(specs));
        }
      })
      .build();

  /** The options of this hook: {@link #MODIFY_BODY}. */
  public static final List<Option<?>> OPTIONS = List.of(MODIFY_BODY);

  private static final Logger LOG = LoggerFactory.getLogger(ModifyBody.class);

  private final List<ModifySpec> specs;
  private final Pattern[] patterns;
  private final AtomicBoolean warnedAboutStreaming = new AtomicBoolean();

  private ModifyBody(List<ModifySpec> specs) {
    this.specs = List.copyOf(specs);
    this.patterns = patterns(this.specs);
  }

  /** A hook for the given specs, in order. */
  public static ModifyBody of(List<ModifySpec> specs) {
    return new ModifyBody(specs);
  }

  /** A hook for the given spec strings, in order. */
  public static ModifyBody of(String... specs) {
    return new ModifyBody(Arrays.stream(specs).map(ModifySpec::parse).toList());
  }

  @Override
  public void request(HttpFlow flow) {
    if (!flow.hasResponse() && flow.error() == null) {
      apply(flow, flow.request());
    }
  }

  @Override
  public void response(HttpFlow flow) {
    if (flow.error() == null) {
      apply(flow, flow.response());
    }
  }

  @Override
  public String name() {
    return "modify_body";
  }

  /** The regex of each spec, compiled. */
  private static Pattern[] patterns(List<ModifySpec> specs) {
    Pattern[] patterns = new Pattern[specs.size()];
    for (int i = 0; i < patterns.length; i++) {
      String regex = new String(specs.get(i).subject(), StandardCharsets.ISO_8859_1);
      try {
        patterns[i] = Pattern.compile(regex, Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("spec \"" + specs.get(i) + "\": invalid regex: " + e.getDescription(), e);
      }
    }
    return patterns;
  }

  private void apply(HttpFlow flow, HttpMessage message) {
    String body = null;
    String original = null;
    for (int i = 0; i < patterns.length; i++) {
      if (!specs.get(i).filter().test(flow)) {
        continue;
      }
      if (message.isStreamed()) {
        if (warnedAboutStreaming.compareAndSet(false, true)) {
          LOG.warn("modify_body: streamed bodies are not modified (first one: {})", flow.request().url());
        }
        return;
      }
      if (body == null) {
        try {
          body = new String(message.content(), StandardCharsets.ISO_8859_1);
        } catch (IllegalStateException e) {
          LOG.warn("modify_body: skipping {}: {}", flow.request().url(), e.getMessage());
          return;
        }
        original = body;
      }
      byte[] replacement;
      try {
        replacement = specs.get(i).replacement();
      } catch (IOException e) {
        LOG.warn("modify_body: skipping spec \"{}\": cannot read its replacement file: {}", specs.get(i), e.toString());
        continue;
      }
      body = patterns[i].matcher(body).replaceAll(Matcher.quoteReplacement(new String(replacement, StandardCharsets.ISO_8859_1)));
    }
    if (body != null && !body.equals(original)) {
      message.setContent(body.getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
