package dev.sluice.cli.internal;

import dev.sluice.core.options.Option;
import dev.sluice.core.options.OptionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line's dedicated flags, each one an option of the registry under another spelling:
 * {@code --anticache} is {@code --set anticache=true}, {@code -p 8080} is
 * {@code --set listen_port=8080}. The long names (the option's name and each older name, with
 * dashes: {@code --modify-body}, {@code --replacements}), the help, whether a flag takes a value
 * and whether it repeats all come from the option's declaration; this table adds the short
 * names, the value's label and a note, and a long name where mitmproxy had another.
 *
 * <pre>{@code
 * CommandFlags flags = CommandFlags.addTo(CliOptions.REGISTRY, spec);
 * flags.readInto(new CommandLine(spec).parseArgs("-p", "9090", "--anticache"), values);
 * }</pre>
 */
public final class CommandFlags {

  /** One flag: the option it sets, its short name (or an explicit long one), the label of its value, a note. */
  private record Flag(String option, List<String> names, String label, String note) {}

  private static final List<Flag> FLAGS = List.of(
      flag("listen_port", "PORT", "-p"),
      flag("listen_host", "HOST"),
      flag("mode", "MODE", "-m"),
      flag("ssl_insecure", null, "-k"),
      flag("ignore_hosts", "REGEX"),
      flag("allow_hosts", "REGEX"),
      new Flag("hosts", List.of(), "NAME=ADDRESS", "Sluice only (BrowserUp's host remapping)."),
      new Flag("block_list", List.of(), "SPEC", "mitmdump takes it as --set block_list=SPEC only."),
      flag("anticache", null),
      flag("anticomp", null),
      flag("proxyauth", "SPEC"),
      flag("map_remote", "PATTERN", "-M"),
      flag("map_local", "PATTERN"),
      flag("modify_body", "SPEC", "-B"),
      flag("modify_headers", "SPEC", "-H"),
      flag("stickyauth", "FILTER"),
      flag("stickycookie", "FILTER"),
      flag("save_stream_file", "FILE", "-w"),
      new Flag("server_replay", List.of("-S"), "FILE",
          "Implies connection_strategy=lazy unless set, so HTTPS replay works with the servers down."),
      new Flag("client_replay", List.of("-C"), "FILE", "Exits when done unless --keepserving; with -n, no proxy is announced."),
      flag("keepserving", null),
      flag("showhost", null),
      new Flag("server_replay_kill_extra", List.of("--kill"), null,
          "Older mitmproxy documented -k for this; -k means --ssl-insecure now."));

  private final List<Option<?>> options = new ArrayList<>();
  private final List<OptionSpec> specs = new ArrayList<>();

  private CommandFlags(OptionRegistry registry, CommandSpec command) {
    for (Flag flag : FLAGS) {
      Option<?> option = registry.get(flag.option());
      OptionSpec spec = spec(flag, option);
      command.addOption(spec);
      options.add(option);
      specs.add(spec);
    }
  }

  /** Adds the flags of the options in {@code registry} to {@code command}. */
  public static CommandFlags addTo(OptionRegistry registry, CommandSpec command) {
    return new CommandFlags(registry, command);
  }

  /** Sets the option of every flag given, in the order of this table, each value in the order given. */
  public void readInto(ParseResult parsed, OptionValues values) {
    for (int i = 0; i < specs.size(); i++) {
      OptionSpec spec = specs.get(i);
      if (!parsed.hasMatchedOption(spec)) {
        continue;
      }
      String name = options.get(i).name();
      if (spec.arity().max() == 0) {
        values.set(name, "true");
      } else {
        spec.stringValues().forEach(text -> values.set(name, text));
      }
    }
  }

  private static Flag flag(String option, String label, String... shortNames) {
    return new Flag(option, List.of(shortNames), label, null);
  }

  private static OptionSpec spec(Flag flag, Option<?> option) {
    boolean explicitLongName = flag.names().stream().anyMatch(name -> name.startsWith("--"));
    Stream<String> longNames = explicitLongName ? Stream.empty()
        : Stream.concat(Stream.of(option.name()), option.aliases().stream()).map(name -> "--" + name.replace('_', '-'));
    String[] names = Stream.concat(flag.names().stream(), longNames).toArray(String[]::new);
    String description = option.help() + (option.repeats() ? " Repeatable." : "") + (flag.note() == null ? "" : " " + flag.note());
    OptionSpec.Builder spec = OptionSpec.builder(names).description(description);
    if (option.type().equals("bool")) {
      return spec.arity("0").type(boolean.class).build();
    }
    String label = flag.label() == null ? option.name().toUpperCase(Locale.ROOT) : flag.label();
    return option.repeats()
        ? spec.arity("1").type(List.class).auxiliaryTypes(String.class).paramLabel(label).build()
        : spec.arity("1").type(String.class).paramLabel(label).build();
  }
}
