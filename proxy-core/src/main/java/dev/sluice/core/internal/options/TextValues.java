package dev.sluice.core.internal.options;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text forms of the plain option types: booleans, integers and choices.
 *
 * <pre>{@code
 * TextValues.bool("yes");                               // true
 * TextValues.choice("LAZY", ConnectionStrategy.class);  // LAZY
 * }</pre>
 */
public final class TextValues {

  private TextValues() {}

  /**
   * {@code true}, {@code yes}, {@code on}, {@code 1} or their opposites, in any case.
   *
   * @throws IllegalArgumentException quoting the text when it is none of these
   */
  public static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException("not a boolean (true/false): \"" + text + "\"");
    };
  }

  /**
   * A decimal integer.
   *
   * @throws IllegalArgumentException quoting the text when it is not one
   */
  public static int integer(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer: \"" + text + "\"");
    }
  }

  /**
   * The constant of {@code type} named {@code text}, in any case.
   *
   * @throws IllegalArgumentException quoting the text and listing the choices when it names none
   */
  public static <E extends Enum<E>> E choice(String text, Class<E> type) {
    String wanted = text.trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("expected " + choices(type) + ", got \"" + text + "\"");
  }

  /** The lower-case names of {@code type}'s constants, separated by {@code /}. */
  public static String choices(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(TextValues::name).collect(Collectors.joining("/"));
  }

  /** {@code constant}'s name in lower case, as the text form writes it. */
  public static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
