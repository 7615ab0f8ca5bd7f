package dev.sluice.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each expectation is what CPython 3.11's {@code re.sub} gives, or the error it raises. */
class PythonTemplateTest {

  private static String sub(String regex, String template, String input) {
    PythonRegex compiled = PythonRegex.compile(regex);
    return PythonTemplate.parse(template, compiled).replaceAll(compiled, input);
  }

  @Test
  void groupsByNumberAndByName() {
    assertThat(sub("(\\w+)\\.example", "\\1-x", "http://a.example/b.example")).isEqualTo("http://a-x/b-x");
    assertThat(sub("example\\.org", "\\g<0>:8080", "http://example.org/")).isEqualTo("http://example.org:8080/");
    assertThat(sub("(?P<h>[a-z]+)\\.org", "\\g<h>.net", "http://foo.org/")).isEqualTo("http://foo.net/");
    assertThat(sub("(a)", "\\g<01>", "a")).isEqualTo("a");
    assertThat(sub("(a)", "\\1a", "a")).isEqualTo("aa");
  }

  @Test
  void anUnmatchedGroupIsEmpty() {
    assertThat(sub("(a)|(b)", "[\\1\\2]", "ab")).isEqualTo("[a][b]");
    assertThat(sub("(a)(b)?", "[\\2]", "a")).isEqualTo("[]");
  }

  @Test
  void escapesOctalsAndLiteralDollars() {
    assertThat(sub("a", "$1\\\\", "a")).isEqualTo("$1\\");
    assertThat(sub("a", "\\n\\t", "a")).isEqualTo("\n\t");
    assertThat(sub("a", "\\0", "a")).isEqualTo("\0");
    assertThat(sub("a", "\\07", "a")).isEqualTo("\u0007");
    assertThat(sub("a", "\\101", "a")).isEqualTo("A");
    assertThat(sub("a", "\\/\\.", "a")).isEqualTo("\\/\\.");
  }

  @Test
  void everyMatchIsReplacedEmptyOnesToo() {
    assertThat(sub("x*", "-", "abxd")).isEqualTo("-a-b--d-");
  }

  @Test
  void badTemplatesAreRefusedWhenReadNamingTheProblem() {
    PythonRegex one = PythonRegex.compile("(a)");
    PythonRegex none = PythonRegex.compile("a");

    assertThatThrownBy(() -> PythonTemplate.parse("\\10", one))
        .hasMessage("replacement \"\\10\": \\10 refers to group 10, but the regex has 1 group");
    assertThatThrownBy(() -> PythonTemplate.parse("\\8", none))
        .hasMessage("replacement \"\\8\": \\8 refers to group 8, but the regex has 0 groups");
    assertThatThrownBy(() -> PythonTemplate.parse("\\q", none)).hasMessage("replacement \"\\q\": bad escape \\q at position 0");
    assertThatThrownBy(() -> PythonTemplate.parse("\\x41", none)).hasMessage("replacement \"\\x41\": bad escape \\x at position 0");
    assertThatThrownBy(() -> PythonTemplate.parse("a\\", none)).hasMessage("replacement \"a\\\": a lone backslash at the end");
    assertThatThrownBy(() -> PythonTemplate.parse("\\g<x>", none)).hasMessage("replacement \"\\g<x>\": \\g<x> names no group of the regex");
    assertThatThrownBy(() -> PythonTemplate.parse("\\g<1", one)).hasMessage("replacement \"\\g<1\": \\g< at position 0 without >");
    assertThatThrownBy(() -> PythonTemplate.parse("\\g<>", one)).hasMessage("replacement \"\\g<>\": \\g<> at position 0 names no group");
    assertThatThrownBy(() -> PythonTemplate.parse("\\g1", one)).hasMessage("replacement \"\\g1\": \\g at position 0 without <name>");
  }
}
