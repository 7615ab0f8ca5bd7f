package dev.sluice.cli.launcher;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Stands in for the command line's jar in {@link LauncherTest}: prints what the JVM the launcher
 * started was given, one {@code key=value} per line.
 *
 * <pre>{@code
 * java -Xmx256m -cp test-classes dev.sluice.cli.launcher.JvmReport   # max_heap=268435456 ...
 * }</pre>
 */
public final class JvmReport {

  private JvmReport() {}

  /** Prints the maximum heap, the collectors, the JVM flags, the library path and the arguments. */
  public static void main(String[] args) {
    System.out.println("max_heap=" + Runtime.getRuntime().maxMemory());
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      System.out.println("collector=" + collector.getName());
    }
    ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(flag -> System.out.println("flag=" + flag));
    System.out.println("library_path=" + System.getProperty("java.library.path"));
    for (String arg : args) {
      System.out.println("arg=" + arg);
    }
  }
}
