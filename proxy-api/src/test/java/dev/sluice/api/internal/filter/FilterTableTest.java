package dev.sluice.api.internal.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.SampleFlows;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table in {@code filter-table.txt}: each expression, evaluated on every fixture flow of
 * {@link SampleFlows}, matches exactly the flows the table names; and prints back to an
 * expression that matches the same flows.
 */
class FilterTableTest {

  /** One instance of each fixture, shared: filters only read flows. */
  private static final Map<String, Flow> FLOWS = new LinkedHashMap<>();

  static {
    SampleFlows.names().forEach(name -> FLOWS.put(name, SampleFlows.flow(name)));
  }

  @ParameterizedTest(name = "{0}  =>  {1}")
  @MethodSource("table")
  void expressionMatchesExactlyTheListedFlows(String expression, Set<String> expected) {
    FlowFilter filter = FlowFilter.parse(expression);

    assertThat(matching(filter)).as(expression).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void printedExpressionMatchesTheSameFlows(String expression, Set<String> expected) {
    FlowFilter printed = FlowFilter.parse(FlowFilter.parse(expression).toString());

    assertThat(matching(printed)).as(printed.toString()).containsExactlyElementsOf(expected);
  }

  @Test
  void tableHasAtLeastAHundredExpressions() {
    assertThat(table()).hasSizeGreaterThanOrEqualTo(100);
  }

  private static Set<String> matching(FlowFilter filter) {
    Set<String> names = new LinkedHashSet<>();
    FLOWS.forEach((name, flow) -> {
      if (filter.test(flow)) {
        names.add(name);
      }
    });
    return names;
  }

  static List<Arguments> table() {
    return TableFiles.rows("filter-table.txt").stream()
        .map(line -> {
          int arrow = line.lastIndexOf("  =>  ");
          return Arguments.of(line.substring(0, arrow), expected(line.substring(arrow + 6).trim()));
        })
        .toList();
  }

  private static Set<String> expected(String spec) {
    Set<String> names = new LinkedHashSet<>();
    List<String> words = Arrays.asList(spec.split("\\s+"));
    if (words.get(0).equals("ALL")) {
      names.addAll(SampleFlows.names());
      words.stream().skip(1).forEach(w -> names.remove(w.substring(1)));
    } else if (!words.get(0).equals("NONE")) {
      names.addAll(words);
    }
    Set<String> ordered = new LinkedHashSet<>();
    Stream.of(SampleFlows.names().toArray(String[]::new)).filter(names::contains).forEach(ordered::add);
    assertThat(ordered).as("fixture names in " + spec).hasSameSizeAs(names);
    return ordered;
  }
}
