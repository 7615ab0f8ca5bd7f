package dev.sluice.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a leaked buffer. Registered automatically (through
 * {@code META-INF/services}) in every module that has the proxy-core test-jar on its test
 * classpath, with JUnit's extension auto-detection on (the parent pom turns it on).
 *
 * <p>It installs a {@link ResourceLeakDetectorFactory} whose detectors record every leak they
 * report; after each test it runs the garbage collector, allocates a few buffers (which makes the
 * detectors look at the collected ones) and fails the test if any leak was recorded. Run with
 * {@code -Dio.netty.leakDetection.level=paranoid} so that every buffer is tracked.
 *
 * <pre>{@code
 * // nothing to write: any test in the module is checked
 * @Test void releasesEverything() { ... }
 * }</pre>
 */
public final class NettyLeakDetection implements AfterEachCallback, AfterAllCallback {

  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
  private static final int COLLECTION_ROUNDS = 2;

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    failOnLeaks(context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failOnLeaks(context.getDisplayName());
  }

  /**
   * Collects garbage, lets the detectors report, and returns (and forgets) every leak reported
   * since the last call.
   */
  public static List<String> collectLeaks() {
    for (int round = 0; round < COLLECTION_ROUNDS; round++) {
      System.gc();
      for (int i = 0; i < 4; i++) {
        ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1);
        probe.release();
      }
      if (!LEAKS.isEmpty()) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    List<String> leaks = new ArrayList<>();
    for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
      leaks.add(leak);
    }
    return leaks;
  }

  private static void failOnLeaks(String where) {
    List<String> leaks = collectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError("Netty reported " + leaks.size() + " leak(s) in or before " + where + ":\n"
          + String.join("\n", leaks));
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
      return new RecordingDetector<>(resource, samplingInterval);
    }

    @Override
    @Deprecated
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
        long maxActive) {
      return newResourceLeakDetector(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<?> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add("LEAK: " + resourceType + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add("LEAK: " + resourceType + " (no records)");
      super.reportUntracedLeak(resourceType);
    }
  }
}
