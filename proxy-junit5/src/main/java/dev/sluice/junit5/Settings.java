package dev.sluice.junit5;

import dev.sluice.core.ProxyServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/** How a {@link SluiceExtension} makes its proxies: from its builder, or from {@link Sluice}. */
record Settings(List<Consumer<ProxyServer.Builder>> proxy, Duration takeFlowTimeout, boolean perTest, String report) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The settings of the {@link Sluice} annotation on {@code testClass} or a class enclosing it, or the defaults. */
  static Settings of(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      Optional<Sluice> sluice = AnnotationSupport.findAnnotation(type, Sluice.class);
      if (sluice.isPresent()) {
        return of(sluice.get());
      }
    }
    return new Settings(List.of(), DEFAULT_TIMEOUT, false, "");
  }

  private static Settings of(Sluice sluice) {
    if (sluice.takeFlowTimeoutMillis() <= 0) {
      throw new IllegalArgumentException("@Sluice takeFlowTimeoutMillis: must be positive, got "
          + sluice.takeFlowTimeoutMillis());
    }
    List<Consumer<ProxyServer.Builder>> proxy = List.of(sluice.configure()).stream()
        .<Consumer<ProxyServer.Builder>>map(ReflectionSupport::newInstance).toList();
    return new Settings(proxy, Duration.ofMillis(sluice.takeFlowTimeoutMillis()), sluice.perTest(), sluice.report());
  }
}
