package dev.sluice.bench;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.Anticomp;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.ProxyAuthenticator;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
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
 * The per-request cost of each built-in hook: every invocation builds a fresh request/response
 * pair and runs the hook's request-header, request, response-header and response events. The
 * {@code none} case is the cost of building the flow alone; subtract it.
 * Run: {@code java -jar proxy-bench/target/benchmarks.jar HookCost}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HookCostBenchmark {

  @Param({"none", "anticache", "anticomp", "proxyauth", "modify_headers", "modify_body", "stickyauth", "stickycookie"})
  public String hook;

  private FlowHook instance;

  @Setup
  public void setUp() {
    instance = switch (hook) {
      case "none" -> new FlowHook() { };
      case "anticache" -> new Anticache();
      case "anticomp" -> new Anticomp();
      case "proxyauth" -> ProxyAuth.forProxy(ProxyAuthenticator.any());
      case "modify_headers" -> ModifyHeaders.of("/~q/User-Agent/sluice", "/~s/Server/");
      case "modify_body" -> ModifyBody.of("/~s/illustrative/demonstrative");
      case "stickyauth" -> new StickyAuth(FlowFilter.all());
      case "stickycookie" -> new StickyCookies(FlowFilter.all());
      default -> throw new IllegalArgumentException("unknown hook " + hook);
    };
  }

  @Benchmark
  public HttpFlow perRequest() {
    HttpFlow flow = BenchFlows.request();
    instance.requestHeaders(flow);
    instance.request(flow);
    HttpFlow answered = BenchFlows.exchange();
    instance.responseHeaders(answered);
    instance.response(answered);
    return answered;
  }
}
