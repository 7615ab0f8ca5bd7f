package dev.sluice.cli.internal;

import dev.sluice.core.options.Option;
import dev.sluice.core.options.OptionRegistry;
import java.io.PrintStream;
import java.util.Comparator;

/**
 * {@code --options}: every option sorted by name, each as its help, type and older names in a
 * comment, then {@code name: default}, as mitmdump's {@code --options} lists them.
 *
 * <pre>{@code
 * OptionsListing.print(CliOptions.REGISTRY, System.out);
 * }</pre>
 */
public final class OptionsListing {

  private static final int WIDTH = 78;

  private OptionsListing() {}

  /** Prints every option of {@code registry} to {@code out}. */
  public static void print(OptionRegistry registry, PrintStream out) {
    registry.options().stream().sorted(Comparator.comparing(Option::name)).forEach(option -> {
      printComment(describe(option), out);
      out.println(option.name() + ":" + defaultText(option));
      out.println();
    });
    out.flush();
  }

  /** The comment of {@code option}: its help, its type and its older names. */
  public static String describe(Option<?> option) {
    String described = option.help() + " Type: " + option.type() + ".";
    return option.aliases().isEmpty() ? described : described + " Older name: " + String.join(", ", option.aliases()) + ".";
  }

  private static <T> String defaultText(Option<T> option) {
    String text = option.format(option.defaultValue());
    return text.isEmpty() ? "" : " " + text;
  }

  private static void printComment(String text, PrintStream out) {
    StringBuilder line = new StringBuilder("#");
    for (String word : text.split(" ")) {
      if (line.length() > 1 && line.length() + 1 + word.length() > WIDTH) {
        out.println(line);
        line = new StringBuilder("#");
      }
      line.append(' ').append(word);
    }
    out.println(line);
  }
}
