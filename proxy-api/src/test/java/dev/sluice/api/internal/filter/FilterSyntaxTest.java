package dev.sluice.api.internal.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FilterSyntaxException;
import dev.sluice.api.FlowFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What parses, how it prints back, and how a bad expression is reported. */
class FilterSyntaxTest {

  @ParameterizedTest(name = "[{0}] prints as [{1}]")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      "~q => ~q",
      "foo => ~u foo",
      "'foo bar' => ~u \"foo bar\"",
      "~q ~s | ~e => ~q & (~s | ~e)",
      "!(~s | ~e) => !(~s | ~e)",
      "!(~s & ~e) => !(~s & ~e)",
      "~h 'a b' => ~h \"a b\"",
      "~u 'x\\\"y' => ~u \"x\\\"y\"",
      "~d a\\.b => ~d a\\.b",
      "~b \"a\\\\.b\" => ~b a\\.b",
      "~c 0200 => ~c 200",
      "(~q & ~s) & ~e => ~q & ~s & ~e",
      "~q | (~s | ~e) => ~q | ~s | ~e",
      "(~q | ~s) & ~e => (~q | ~s) & ~e",
      "!!~q => !!~q",
      "~q&~s => ~q & ~s",
      "(~s) => ~s",
      "~d foo|bar => ~d foo|bar",
      "~d !x => ~d !x",
      "~marker 🔴 => ~marker 🔴",
      "~b '' => ~b \"\"",
      "~comment \"line\\nnext\" => ~comment \"line\\nnext\"",
  })
  void parsedFilterPrintsAsAnEquivalentExpression(String expression, String printed) {
    assertThat(FlowFilter.parse(expression)).hasToString(printed);
  }

  @Test
  void quotedStringsTakeTheCharacterAfterABackslashLiterally() {
    assertThat(FlowFilter.parse("~u 'foobar\\\"\\''"))
        .isEqualTo(FlowFilter.parse("~u \"foobar\\\"'\""))
        .hasToString("~u \"foobar\\\"'\"");
  }

  @Test
  void combiningParsedFiltersGivesPrintableFilters() {
    FlowFilter q = FlowFilter.parse("~q");
    FlowFilter domain = FlowFilter.parse("~d example | ~d test");

    assertThat(q.and(domain)).hasToString("~q & (~d example | ~d test)");
    assertThat(q.or(domain)).hasToString("~q | ~d example | ~d test");
    assertThat(domain.negate()).hasToString("!(~d example | ~d test)");
    assertThat(FlowFilter.all().and(q)).hasToString("~all & ~q");
  }

  @Test
  void parsingTheSameExpressionTwiceGivesEqualFilters() {
    assertThat(FlowFilter.parse("~d example.com & !~c 200"))
        .isEqualTo(FlowFilter.parse("~d   example.com &!~c 200"))
        .hasSameHashCodeAs(FlowFilter.parse("~d example.com & !~c 200"));
  }

  @ParameterizedTest(name = "[{0}] fails at {1}: {2}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      "`` => 0 => empty filter expression",
      "`   ` => 0 => empty filter expression",
      "~b => 2 => missing operand: ~b needs a regex",
      "~u ~q => 3 => missing operand: ~u needs a regex",
      "~d ) => 3 => missing operand: ~d needs a regex",
      "~h [ => 3 => invalid regex for ~h",
      "~u '(?<x' => 3 => invalid regex for ~u",
      "~foo => 0 => unknown operator '~foo'",
      "~q ~ => 3 => unknown operator '~'",
      "~s1 => 0 => unknown operator '~s1'",
      "~Q => 0 => unknown operator '~Q'",
      "~q & => 4 => missing operand at the end",
      "~q & | ~s => 5 => missing operand before '|'",
      "! => 1 => missing operand at the end",
      "& ~q => 0 => missing operand before '&'",
      "~c abc => 3 => ~c needs a numeric status code, got \"abc\"",
      "~c 2xx => 3 => ~c needs a numeric status code, got \"2xx\"",
      "~c => 2 => missing operand: ~c needs a status code",
      "~c 'x' => 3 => missing operand: ~c needs a status code",
      "(~q => 0 => unbalanced parentheses: '(' is never closed",
      "~q (~s | ~e => 3 => unbalanced parentheses: '(' is never closed",
      "~q) => 2 => unbalanced parentheses: ')' has no matching '('",
      "() => 1 => missing operand: empty parentheses",
      "~d 'abc => 3 => unterminated quoted string",
  })
  void badExpressionFailsWithItsPosition(String expression, int position, String problem) {
    assertThatThrownBy(() -> FlowFilter.parse(expression))
        .isInstanceOf(FilterSyntaxException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(problem)
        .hasMessageContaining(" at position " + position + " ")
        .satisfies(e -> {
          FilterSyntaxException syntax = (FilterSyntaxException) e;
          assertThat(syntax.position()).isEqualTo(position);
          assertThat(syntax.expression()).isEqualTo(expression);
        });
  }

  @Test
  void messageShowsTheExpressionWithACaretUnderTheError() {
    assertThatThrownBy(() -> FlowFilter.parse("~d example.com & ~x"))
        .hasMessage("unknown operator '~x' at position 17 in filter expression:\n"
            + "  ~d example.com & ~x\n"
            + "                   ^");
  }

  @Test
  void nullExpressionIsRejectedByName() {
    assertThatThrownBy(() -> FlowFilter.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expression");
  }
}
