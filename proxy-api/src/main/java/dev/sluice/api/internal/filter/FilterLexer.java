package dev.sluice.api.internal.filter;

import dev.sluice.api.FilterSyntaxException;
import dev.sluice.api.internal.filter.Token.Kind;

/**
 * Splits a filter expression into tokens, on demand: the parser asks for an ordinary token with
 * {@link #next()}, and for the argument of an operator with {@link #operand()} (where, as in
 * mitmproxy, a word may start with {@code !}, {@code &} or {@code |}) or {@link #number()}.
 *
 * <p>Whitespace is space, tab, CR and LF. A word runs up to whitespace or one of
 * {@code ( ) ~ ' "}. Quoted strings use {@code "} or {@code '}; a backslash takes the next
 * character literally, except {@code \t \n \r \f}, which stand for those control characters.
 */
final class FilterLexer {

  private static final String WORD_STOPS = "()~'\"";
  private static final String OPERATORS = "!&|";

  private final String input;
  private int pos;

  FilterLexer(String input) {
    this.input = input;
  }

  /** The next ordinary token. */
  Token next() {
    skipWhitespace();
    if (pos >= input.length()) {
      return new Token(Kind.END, "", pos);
    }
    int start = pos;
    char c = input.charAt(pos);
    Kind operator = switch (c) {
      case '(' -> Kind.OPEN;
      case ')' -> Kind.CLOSE;
      case '!' -> Kind.NOT;
      case '&' -> Kind.AND;
      case '|' -> Kind.OR;
      default -> null;
    };
    if (operator != null) {
      pos++;
      return new Token(operator, String.valueOf(c), start);
    }
    if (c == '~') {
      pos++;
      return new Token(Kind.FLAG, run(false), start);
    }
    if (c == '"' || c == '\'') {
      return quoted();
    }
    return new Token(Kind.WORD, run(true), start);
  }

  /** The argument of a regex operator: a word or a quoted string, or {@code null} if there is none. */
  Token operand() {
    skipWhitespace();
    if (pos >= input.length() || "()~".indexOf(input.charAt(pos)) >= 0) {
      return null;
    }
    char c = input.charAt(pos);
    if (c == '"' || c == '\'') {
      return quoted();
    }
    int start = pos;
    return new Token(Kind.WORD, run(true), start);
  }

  /** The argument of {@code ~c}: the characters up to whitespace, a parenthesis or an operator. */
  Token number() {
    skipWhitespace();
    int start = pos;
    return new Token(Kind.WORD, run(false), start);
  }

  /** Where the next token would start, after whitespace. */
  int position() {
    skipWhitespace();
    return pos;
  }

  private String run(boolean operatorsInside) {
    int start = pos;
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (isWhitespace(c) || WORD_STOPS.indexOf(c) >= 0 || !operatorsInside && OPERATORS.indexOf(c) >= 0) {
        break;
      }
      pos++;
    }
    return input.substring(start, pos);
  }

  private Token quoted() {
    int start = pos;
    char quote = input.charAt(pos++);
    StringBuilder text = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c == quote) {
        return new Token(Kind.QUOTED, text.toString(), start);
      }
      if (c == '\\' && pos < input.length()) {
        text.append(unescape(input.charAt(pos++)));
      } else {
        text.append(c);
      }
    }
    throw new FilterSyntaxException(input, start, "unterminated quoted string");
  }

  private static char unescape(char c) {
    return switch (c) {
      case 't' -> '\t';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 'f' -> '\f';
      default -> c;
    };
  }

  private void skipWhitespace() {
    while (pos < input.length() && isWhitespace(input.charAt(pos))) {
      pos++;
    }
  }

  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Whether {@code text} reads back as one operand word, unquoted. */
  static boolean isPlainWord(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isWhitespace(c) || WORD_STOPS.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code text} as a double-quoted string that this lexer reads back as {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\f' -> out.append("\\f");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
