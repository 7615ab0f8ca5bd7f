package dev.sluice.bench;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.HttpFlow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of matching one parsed filter expression against a flow (parsing is done once, as in
 * the proxy). Run: {@code java -jar proxy-bench/target/benchmarks.jar FilterMatching}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FilterMatchingBenchmark {

  @Param({"~d example.com", "~m POST | ~c 404", "~h \"Accept-Language: en\"", "~b illustrative",
      "~u /articles/\\d+ & !~a", "~q | ~s & ~t html"})
  public String expression;

  private FlowFilter filter;
  private HttpFlow flow;

  @Setup
  public void setUp() {
    filter = FlowFilter.parse(expression);
    flow = BenchFlows.exchange();
  }

  @Benchmark
  public boolean match() {
    return filter.test(flow);
  }
}
