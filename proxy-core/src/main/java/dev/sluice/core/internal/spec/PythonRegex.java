package dev.sluice.core.internal.spec;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Python's {@code re}, as mitmproxy's specs are, compiled for
 * Java. Where the two read a construct differently it is rewritten: named groups
 * {@code (?P<name>...)} and back-references {@code (?P=name)} (Python's names may hold {@code _},
 * Java's may not), {@code \Z} (the very end in Python), a {@code [} or {@code &} inside a character
 * class (literal in Python, nested classes and intersections in Java), {@code {,n}}, and a
 * {@code {} that starts no repetition (literal in Python). Everything else is taken as it is.
 *
 * <pre>{@code
 * PythonRegex regex = PythonRegex.compile("//(?P<user_id>\\d+)\\.example\\.org");
 * regex.group("user_id");   // OptionalInt[1]
 * }</pre>
 */
public final class PythonRegex {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern REPETITION = Pattern.compile("\\{(\\d*)(,?)(\\d*)}");

  private final String source;
  private final Pattern pattern;
  private final Map<String, Integer> names;

  private PythonRegex(String source, Pattern pattern, Map<String, Integer> names) {
    this.source = source;
    this.pattern = pattern;
    this.names = names;
  }

  /**
   * Compiles {@code regex}.
   *
   * @throws IllegalArgumentException quoting the regex and saying what is wrong with it
   */
  public static PythonRegex compile(String regex) {
    Objects.requireNonNull(regex, "regex");
    Translation translation = new Translation(regex);
    String java = translation.run();
    try {
      return new PythonRegex(regex, Pattern.compile(java), Map.copyOf(translation.names));
    } catch (PatternSyntaxException e) {
      throw invalid(regex, e.getDescription());
    }
  }

  /** The compiled pattern. */
  public Pattern pattern() {
    return pattern;
  }

  /** How many capturing groups the regex has. */
  public int groupCount() {
    return pattern.matcher("").groupCount();
  }

  /** The number of the group called {@code name}, if there is one. */
  public OptionalInt group(String name) {
    Integer number = names.get(name);
    return number == null ? OptionalInt.empty() : OptionalInt.of(number);
  }

  /** The regex as written. */
  @Override
  public String toString() {
    return source;
  }

  private static IllegalArgumentException invalid(String regex, String what) {
    return new IllegalArgumentException("invalid regex \"" + regex + "\": " + what);
  }

  /** One pass over a Python regex, writing its Java form and numbering its named groups. */
  private static final class Translation {
    private final String regex;
    private final StringBuilder java = new StringBuilder();
    private final Map<String, Integer> names = new HashMap<>();
    private int groups;
    private int at;

    Translation(String regex) {
      this.regex = regex;
    }

    String run() {
      while (at < regex.length()) {
        char c = regex.charAt(at);
        if (c == '\\' && at + 1 < regex.length()) {
          char escaped = regex.charAt(at + 1);
          java.append('\\').append(escaped == 'Z' ? 'z' : escaped);
          at += 2;
        } else if (c == '[') {
          characterClass();
        } else if (c == '(') {
          group();
        } else if (c == '{') {
          repetition();
        } else {
          java.append(c);
          at++;
        }
      }
      return java.toString();
    }

    /** A class {@code [...]}: a leading {@code ]} is literal, and so are {@code [} and {@code &} inside. */
    private void characterClass() {
      java.append('[');
      at++;
      if (at < regex.length() && regex.charAt(at) == '^') {
        java.append('^');
        at++;
      }
      if (at < regex.length() && regex.charAt(at) == ']') {
        java.append("\\]");
        at++;
      }
      while (at < regex.length() && regex.charAt(at) != ']') {
        char c = regex.charAt(at);
        if (c == '\\' && at + 1 < regex.length()) {
          java.append(c).append(regex.charAt(at + 1));
          at += 2;
          continue;
        }
        java.append(c == '[' || c == '&' ? "\\" + c : String.valueOf(c));
        at++;
      }
      if (at < regex.length()) {
        java.append(']');
        at++;
      }
    }

    private void group() {
      if (regex.startsWith("(?P<", at)) {
        String name = name(at + 4, '>');
        groups++;
        if (names.putIfAbsent(name, groups) != null) {
          throw invalid(regex, "the group name \"" + name + "\" is used twice");
        }
        java.append('(');
        at += 4 + name.length() + 1;
        return;
      }
      if (regex.startsWith("(?P=", at)) {
        String name = name(at + 4, ')');
        Integer number = names.get(name);
        if (number == null) {
          throw invalid(regex, "(?P=" + name + ") refers to no group before it");
        }
        java.append("(?:\\").append(number).append(')');
        at += 4 + name.length() + 1;
        return;
      }
      boolean capturing = !regex.startsWith("(?", at)
          || (regex.startsWith("(?<", at) && at + 3 < regex.length() && Character.isLetter(regex.charAt(at + 3)));
      if (capturing) {
        groups++;
      }
      java.append('(');
      at++;
    }

    /** The group name from {@code from} to {@code end}, checked. */
    private String name(int from, char end) {
      int close = regex.indexOf(end, from);
      String name = close < 0 ? "" : regex.substring(from, close);
      if (close < 0 || !NAME.matcher(name).matches()) {
        throw invalid(regex, "bad group name at position " + (from - 4));
      }
      return name;
    }

    /** {@code {m,n}} as Java writes it; a brace that starts no repetition is literal. */
    private void repetition() {
      Matcher m = REPETITION.matcher(regex).region(at, regex.length());
      boolean quantifier = m.lookingAt() && (!m.group(1).isEmpty() || !m.group(2).isEmpty());
      if (!quantifier) {
        java.append("\\{");
        at++;
        return;
      }
      String min = m.group(1).isEmpty() ? "0" : m.group(1);
      java.append('{').append(min).append(m.group(2)).append(m.group(3)).append('}');
      at = m.end();
    }
  }
}
