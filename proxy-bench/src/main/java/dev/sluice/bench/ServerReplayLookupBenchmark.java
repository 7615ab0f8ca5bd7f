package dev.sluice.bench;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.testing.TestFlows;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.util.ArrayList;
import java.util.List;
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
 * The cost of answering one matched request from a server replay store of 10 or 10 000 recorded
 * flows (match key, hash probe, response copy and refresh); the two should cost the same. Run:
 * {@code java -jar proxy-bench/target/benchmarks.jar ServerReplayLookup}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ServerReplayLookupBenchmark {

  @Param({"10", "10000"})
  public int storeSize;

  private ServerReplay replay;
  private HttpRequest request;

  @Setup
  public void setUp() {
    HttpResponse response = BenchFlows.exchange().response();
    List<Flow> flows = new ArrayList<>(storeSize);
    for (int i = 0; i < storeSize; i++) {
      flows.add(Flow.builder().client(TestFlows.CLIENT).request(articleRequest(i)).response(response).build());
    }
    replay = ServerReplay.of(flows, ServerReplayOptions.builder().reuse(true).build());
    request = articleRequest(storeSize / 2);
  }

  @Benchmark
  public HttpResponse matchedRequest() {
    HttpFlow flow = TestFlows.of(request);
    replay.request(flow);
    return flow.response();
  }

  private static HttpRequest articleRequest(int i) {
    HttpRequest request = BenchFlows.request().request().newBuilder().build();
    request.setPath("/articles/" + i + "?page=2&sort=new");
    return request;
  }
}
