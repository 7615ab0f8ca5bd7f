package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.core.internal.spec.SpecParts;
import dev.sluice.core.options.Option;
import java.util.Arrays;
import java.util.List;

/**
 * mitmproxy's {@code block_list}: specs of the form {@code /filter/status} answer matching
 * requests with an empty response of that status, or with {@link #KILL} ({@code 444}) close the
 * connection without an answer, and never contact the upstream. The first matching spec decides,
 * in the {@code request} event. A blocked flow is marked in its metadata ({@code blocklisted}, as
 * mitmproxy marks it) and goes on to the other hooks and the recorders like any other: an answered
 * one with its response, a killed one with its error.
 *
 * <pre>{@code
 * ProxyServer.builder().blockList("|~d ads.example.com|404", "|~u /track|444").start();   // the option
 * ProxyServer.builder().hook(BlockList.of(":~m DELETE:403")).start();
 * }</pre>
 */
public final class BlockList implements FlowHook {

  /** The status that kills the connection instead of answering (nginx's "no response"). */
  public static final int KILL = 444;

  /** The metadata key of a blocked flow, as mitmproxy's. */
  public static final String BLOCKLISTED = "blocklisted";

  /** mitmproxy's {@code block_list} option: when not empty, one hook with all its specs, in order; empty by default. */
  public static final Option<List<String>> BLOCK_LIST = Option.sequence("block_list", spec -> spec)
      .help("Block matching requests: /filter/status (any separator) answers with an empty response of that status "
          + "without contacting the server; 444 closes the connection without an answer.")
      .check(BlockList::rules)
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(BlockList.of(specs));
        }
      })
      .build();

  /** The options of this hook: {@link #BLOCK_LIST}. */
  public static final List<Option<?>> OPTIONS = List.of(BLOCK_LIST);

  /** One spec, read. */
  private record Rule(FlowFilter filter, int status) {}

  private final List<Rule> rules;

  private BlockList(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * A hook for the given specs, in order.
   *
   * @throws IllegalArgumentException quoting a spec that is not two parts, has a bad filter, or a
   *     status that is not a number from 200 to 999
   */
  public static BlockList of(List<String> specs) {
    return new BlockList(rules(specs));
  }

  /** A hook for the given specs, in order. */
  public static BlockList of(String... specs) {
    return of(Arrays.asList(specs));
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.error() != null || flow.isKilled()) {
      return;
    }
    for (Rule rule : rules) {
      if (rule.filter().test(flow)) {
        flow.metadata().put(BLOCKLISTED, true);
        if (rule.status() == KILL) {
          flow.kill();
        } else {
          flow.respond(Response.of(rule.status()));
        }
        return;
      }
    }
  }

  @Override
  public String name() {
    return "block_list";
  }

  private static List<Rule> rules(List<String> specs) {
    return specs.stream().map(BlockList::rule).toList();
  }

  private static Rule rule(String spec) {
    String[] parts = SpecParts.split(spec, "/filter/status", 2, 2);
    FlowFilter filter = SpecParts.filter(spec, parts[0]);
    String status = parts[1];
    if (status.isEmpty() || !status.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw SpecParts.invalid(spec, "status \"" + status + "\" is not a number");
    }
    int code = status.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(status);
    if (code < 200 || code > 999) {
      throw SpecParts.invalid(spec, "status " + status + " cannot answer a request: expected 200 to 999 (444 closes "
          + "the connection)");
    }
    return new Rule(filter, code);
  }
}
