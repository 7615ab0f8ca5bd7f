package dev.sluice.api.internal.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowFilter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expressions that mitmproxy accepts, with the tree mitmproxy's own parser built for each
 * ({@code mitmproxy-conformance.txt}): Sluice parses each to the same tree.
 */
class MitmproxyConformanceTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void expressionMeansWhatItMeansInMitmproxy(String expression, String mitmproxyTree) {
    FlowFilter parsed = FlowFilter.parse(expression);

    assertThat(parsed).isEqualTo(FlowFilter.parse(mitmproxyTree));
    assertThat(parsed).hasToString(mitmproxyTree);
  }

  static List<Arguments> recorded() {
    return TableFiles.rows("mitmproxy-conformance.txt").stream()
        .map(line -> Arguments.of(line.substring(0, line.indexOf(" ==> ")), line.substring(line.indexOf(" ==> ") + 5)))
        .toList();
  }
}
