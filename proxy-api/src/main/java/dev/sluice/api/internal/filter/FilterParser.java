package dev.sluice.api.internal.filter;

import dev.sluice.api.FilterSyntaxException;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.internal.filter.JunctionNode.Junction;
import dev.sluice.api.internal.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.PatternSyntaxException;

/**
 * A recursive-descent parser for mitmproxy's filter language. From loosest to tightest:
 *
 * <pre>
 * sequence := or+                       juxtaposition: every part matches
 * or       := and ('|' and)*
 * and      := not ('&amp;' not)*
 * not      := '!' not | primary
 * primary  := '(' sequence ')' | '~flag' | '~op' regex | '~c' digits | regex
 * regex    := word | "quoted" | 'quoted'    (a bare regex means ~u)
 * </pre>
 *
 * <p>As in mitmproxy, juxtaposition binds loosest ({@code ~q ~s | ~e} is {@code ~q & (~s | ~e)}).
 * Unlike mitmproxy, an operator may touch a parenthesis or an operator ({@code (~s)},
 * {@code ~q&~s}), and juxtaposition is allowed inside parentheses too.
 *
 * <pre>{@code
 * FlowFilter filter = FilterParser.parse("~d example.com & !(~c 200 | ~c 304)");
 * }</pre>
 */
public final class FilterParser {

  private final String expression;
  private final FilterLexer lexer;
  private Token current;

  private FilterParser(String expression) {
    this.expression = expression;
    this.lexer = new FilterLexer(expression);
  }

  /**
   * Parses {@code expression}.
   *
   * @throws FilterSyntaxException naming the position of the first error
   */
  public static FlowFilter parse(String expression) {
    return new FilterParser(expression).parseAll();
  }

  private FilterNode parseAll() {
    current = lexer.next();
    if (current.kind() == Kind.END) {
      throw error(0, "empty filter expression");
    }
    FilterNode node = sequence();
    if (current.kind() == Kind.CLOSE) {
      throw error(current.position(), "unbalanced parentheses: ')' has no matching '('");
    }
    return node;
  }

  private FilterNode sequence() {
    List<FilterNode> parts = new ArrayList<>();
    parts.add(or());
    while (current.startsOperand()) {
      parts.add(or());
    }
    return JunctionNode.of(Junction.AND, parts);
  }

  private FilterNode or() {
    return junction(Junction.OR, Kind.OR, this::and);
  }

  private FilterNode and() {
    return junction(Junction.AND, Kind.AND, this::not);
  }

  /** {@code operand (operator operand)*}, joined by {@code junction}. */
  private FilterNode junction(Junction junction, Kind operator, Supplier<FilterNode> operand) {
    List<FilterNode> parts = new ArrayList<>();
    parts.add(operand.get());
    while (current.kind() == operator) {
      advance();
      parts.add(operand.get());
    }
    return JunctionNode.of(junction, parts);
  }

  private FilterNode not() {
    if (current.kind() == Kind.NOT) {
      advance();
      return new NotNode(not());
    }
    return primary();
  }

  private FilterNode primary() {
    Token token = current;
    switch (token.kind()) {
      case OPEN -> {
        advance();
        if (current.kind() == Kind.CLOSE) {
          throw error(current.position(), "missing operand: empty parentheses");
        }
        FilterNode inner = sequence();
        if (current.kind() != Kind.CLOSE) {
          throw error(token.position(), "unbalanced parentheses: '(' is never closed");
        }
        advance();
        return inner;
      }
      case FLAG -> {
        FilterNode node = operator(token);
        advance();
        return node;
      }
      case WORD, QUOTED -> {
        advance();
        return regex(RegexField.URL, token);
      }
      default -> throw error(token.position(), token.kind() == Kind.END ? "missing operand at the end"
          : "missing operand before '" + token.text() + "'");
    }
  }

  private FilterNode operator(Token flagToken) {
    String code = flagToken.text();
    Flag flag = Flag.byCode(code);
    if (flag != null) {
      return new FlagNode(flag);
    }
    RegexField field = RegexField.byCode(code);
    if (field != null) {
      Token operand = lexer.operand();
      if (operand == null) {
        throw error(lexer.position(), "missing operand: ~" + code + " needs a regex");
      }
      return regex(field, operand);
    }
    if (code.equals("c")) {
      return statusCode(lexer.number());
    }
    throw error(flagToken.position(), "unknown operator '~" + code + "'");
  }

  private FilterNode statusCode(Token number) {
    String digits = number.text();
    if (digits.isEmpty()) {
      throw error(number.position(), "missing operand: ~c needs a status code");
    }
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw error(number.position(), "~c needs a numeric status code, got \"" + digits + "\"");
    }
    String significant = digits.replaceFirst("^0+(?=.)", "");
    return new CodeNode(significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant));
  }

  private FilterNode regex(RegexField field, Token operand) {
    try {
      return RegexNode.of(field, operand.text());
    } catch (PatternSyntaxException e) {
      throw error(operand.position(), "invalid regex for ~" + field.code() + ": " + e.getDescription()
          + " in \"" + operand.text() + "\"");
    }
  }

  private void advance() {
    current = lexer.next();
  }

  private FilterSyntaxException error(int position, String problem) {
    return new FilterSyntaxException(expression, position, problem);
  }
}
