package dev.sluice.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each expectation is what CPython 3.11's {@code re.search} finds. */
class PythonRegexTest {

  private static String found(String regex, String input) {
    Matcher m = PythonRegex.compile(regex).pattern().matcher(input);
    return m.find() ? m.group() : null;
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', nullValues = "NONE", value = {
      "[[]x a[x [x",
      "[a&&b]+ x&&a &&a",
      "[]a]+ x]a] ]a]",
      "[^]]+ ]ab] ab",
      "a{b xa{b a{b",
      "a{} a{} a{}",
      "^a{,2}$ aa aa",
      "^a{,2}$ aaa NONE",
      "a{2,} aaa aaa",
      "\\d+\\.\\d x1.5y 1.5",
  })
  void constructsJavaReadsOtherwiseMeanWhatTheyMeanInPython(String regex, String input, String expected) {
    assertThat(found(regex, input)).isEqualTo(expected);
  }

  @Test
  void bigZIsTheVeryEnd() {
    assertThat(found("x\\Z", "x\n")).isNull();
    assertThat(found("x\\Z", "x")).isEqualTo("x");
  }

  @Test
  void namedGroupsMayHoldUnderscoresAndAreNumberedWithTheOthers() {
    PythonRegex regex = PythonRegex.compile("(a)(?:b)(?P<user_id>\\d)(?P=user_id)");

    assertThat(regex.groupCount()).isEqualTo(2);
    assertThat(regex.group("user_id")).hasValue(2);
    assertThat(regex.group("other")).isEmpty();
    Matcher m = regex.pattern().matcher("xab11");
    assertThat(m.find()).isTrue();
    assertThat(m.group(2)).isEqualTo("1");
    assertThat(found("(?P<a_b>\\d)(?P=a_b)", "1211")).isEqualTo("11");
  }

  @Test
  void badRegexesAreRefusedQuotingThem() {
    assertThatThrownBy(() -> PythonRegex.compile("+")).hasMessageStartingWith("invalid regex \"+\": ");
    assertThatThrownBy(() -> PythonRegex.compile("(?P<1x>a)")).hasMessage("invalid regex \"(?P<1x>a)\": bad group name at position 0");
    assertThatThrownBy(() -> PythonRegex.compile("(?P<a>x)(?P<a>y)"))
        .hasMessage("invalid regex \"(?P<a>x)(?P<a>y)\": the group name \"a\" is used twice");
    assertThatThrownBy(() -> PythonRegex.compile("(?P=a)(?P<a>x)"))
        .hasMessage("invalid regex \"(?P=a)(?P<a>x)\": (?P=a) refers to no group before it");
  }
}
