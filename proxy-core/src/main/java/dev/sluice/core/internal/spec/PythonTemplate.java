package dev.sluice.core.internal.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.MatchResult;

/**
 * The replacement of Python's {@code re.sub}, as mitmproxy's {@code map_remote} hands it over:
 * {@code \1} to {@code \99} and {@code \g<1>} or {@code \g<name>} are groups (an unmatched one is
 * empty), {@code \0} and three octal digits are characters, {@code \n \r \t \a \b \f \v \\} are
 * escapes, any other backslash before a letter is an error, and before anything else stays as
 * written; {@code $} is literal. Checked against its regex when parsed, so a bad reference is
 * an error then, not at the first match.
 *
 * <pre>{@code
 * PythonRegex host = PythonRegex.compile("//(\\w+)\\.example\\.com");
 * PythonTemplate.parse("//\\1.example.org", host).replaceAll(host, "https://api.example.com/v1");
 * // "https://api.example.org/v1"
 * }</pre>
 */
public final class PythonTemplate {

  /** A literal piece or a group reference. */
  private record Piece(String literal, int group) {}

  private final List<Piece> pieces;

  private PythonTemplate(List<Piece> pieces) {
    this.pieces = pieces;
  }

  /**
   * Reads {@code template} for matches of {@code regex}.
   *
   * @throws IllegalArgumentException quoting the template and naming the bad escape or reference
   */
  public static PythonTemplate parse(String template, PythonRegex regex) {
    Objects.requireNonNull(template, "template");
    return new Reader(template, regex).read();
  }

  /** {@code input} with every match of {@code regex} replaced by this template, as {@code re.sub} does. */
  public String replaceAll(PythonRegex regex, String input) {
    return regex.pattern().matcher(input).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(expand(match)));
  }

  /** This template for {@code match}. */
  public String expand(MatchResult match) {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      if (piece.literal() != null) {
        out.append(piece.literal());
      } else {
        String group = match.group(piece.group());
        out.append(group == null ? "" : group);
      }
    }
    return out.toString();
  }

  /** One pass over a template. */
  private static final class Reader {
    private final String template;
    private final PythonRegex regex;
    private final List<Piece> pieces = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private int at;

    Reader(String template, PythonRegex regex) {
      this.template = template;
      this.regex = regex;
    }

    PythonTemplate read() {
      while (at < template.length()) {
        char c = template.charAt(at);
        if (c != '\\') {
          literal.append(c);
          at++;
          continue;
        }
        if (at + 1 >= template.length()) {
          throw invalid("a lone backslash at the end");
        }
        char next = template.charAt(at + 1);
        if (next == 'g') {
          namedGroup();
        } else if (next == '0') {
          octal(at + 1, 3);
        } else if (isDigit(next)) {
          numberedGroup();
        } else {
          escape(next);
        }
      }
      flush();
      return new PythonTemplate(List.copyOf(pieces));
    }

    /** {@code \g<name>} or {@code \g<number>}. */
    private void namedGroup() {
      int open = at + 2;
      if (open >= template.length() || template.charAt(open) != '<') {
        throw invalid("\\g at position " + at + " without <name>");
      }
      int close = template.indexOf('>', open);
      if (close < 0) {
        throw invalid("\\g< at position " + at + " without >");
      }
      String name = template.substring(open + 1, close);
      if (name.isEmpty()) {
        throw invalid("\\g<> at position " + at + " names no group");
      }
      int number;
      if (name.chars().allMatch(Reader::isDigit)) {
        number = checkedGroup(Integer.parseInt(name.length() > 9 ? "999999999" : name));
      } else {
        OptionalInt named = regex.group(name);
        if (named.isEmpty()) {
          throw invalid("\\g<" + name + "> names no group of the regex");
        }
        number = named.getAsInt();
      }
      group(number);
      at = close + 1;
    }

    /** {@code \N} or {@code \NN}, or three octal digits for a character. */
    private void numberedGroup() {
      int first = at + 1;
      boolean twoDigits = first + 1 < template.length() && isDigit(template.charAt(first + 1));
      boolean threeOctal = twoDigits && first + 2 < template.length() && isOctal(template.charAt(first))
          && isOctal(template.charAt(first + 1)) && isOctal(template.charAt(first + 2));
      if (threeOctal) {
        octal(first, 3);
        return;
      }
      int end = twoDigits ? first + 2 : first + 1;
      group(checkedGroup(Integer.parseInt(template.substring(first, end))));
      at = end;
    }

    /** Up to {@code max} octal digits from {@code from}: one character. */
    private void octal(int from, int max) {
      int end = from;
      while (end < template.length() && end < from + max && isOctal(template.charAt(end))) {
        end++;
      }
      int value = Integer.parseInt(template.substring(from, end), 8);
      if (value > 0377) {
        throw invalid("octal escape \\" + template.substring(from, end) + " is above \\377");
      }
      literal.append((char) value);
      at = end;
    }

    private void escape(char next) {
      String known = switch (next) {
        case 'n' -> "\n";
        case 'r' -> "\r";
        case 't' -> "\t";
        case 'a' -> "\u0007";
        case 'b' -> "\b";
        case 'f' -> "\f";
        case 'v' -> "\u000b";
        case '\\' -> "\\";
        default -> null;
      };
      if (known == null && (next < 128 && Character.isLetter(next))) {
        throw invalid("bad escape \\" + next + " at position " + at);
      }
      literal.append(known != null ? known : "\\" + next);
      at += 2;
    }

    private int checkedGroup(int number) {
      if (number > regex.groupCount()) {
        throw invalid("\\" + number + " refers to group " + number + ", but the regex has "
            + regex.groupCount() + (regex.groupCount() == 1 ? " group" : " groups"));
      }
      return number;
    }

    private void group(int number) {
      flush();
      pieces.add(new Piece(null, number));
    }

    private void flush() {
      if (!literal.isEmpty()) {
        pieces.add(new Piece(literal.toString(), 0));
        literal.setLength(0);
      }
    }

    private IllegalArgumentException invalid(String what) {
      return new IllegalArgumentException("replacement \"" + template + "\": " + what);
    }

    private static boolean isDigit(int c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isOctal(int c) {
      return c >= '0' && c <= '7';
    }
  }
}
