package dev.sluice.bench;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.CertificateAuthority;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of a leaf certificate: for a host never seen before (one signature by the CA) and for a
 * cached host.
 *
 * <pre>{@code
 * java -jar proxy-bench/target/benchmarks.jar CertificateMinting -f 1 -wi 3 -i 5 -w 1s -r 1s -bm sample -tu us
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CertificateMintingBenchmark {

  private final AtomicLong hosts = new AtomicLong();
  private CertificateAuthority ecCa;
  private CertificateAuthority rsaCa;
  private CertificateRequest cached;

  /** One EC P-256 CA and one RSA 2048 CA (like mitmproxy's), and a request already in the cache. */
  @Setup
  public void setUp() {
    ecCa = CertificateAuthority.ephemeral();
    rsaCa = CertificateAuthority.builder().rsa(2048).build();
    cached = CertificateRequest.forNames("cached.example.com", "www.cached.example.com");
    ecCa.issue(cached);
  }

  /** A host the CA has never seen: a unique name each time, so each call mints. */
  @Benchmark
  public IssuedCertificate newHost() {
    return ecCa.issue(CertificateRequest.forNames("host" + hosts.incrementAndGet() + ".example.com"));
  }

  /** A new host with an RSA 2048 CA, as when loading a mitmproxy CA. */
  @Benchmark
  public IssuedCertificate newHostRsaCa() {
    return rsaCa.issue(CertificateRequest.forNames("host" + hosts.incrementAndGet() + ".example.com"));
  }

  /** A host minted before: served from the cache. */
  @Benchmark
  public IssuedCertificate cachedHost() {
    return ecCa.issue(cached);
  }
}
