package dev.sluice.junit5;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where a test's own files go, cassettes and reports alike: {@code <root>/<TestClass>/<method>.<ext>},
 * the class named without its package (a nested class as {@code Outer.Inner}), and a repeated or
 * parameterized test's invocations numbered {@code -1}, {@code -2}, ...
 */
final class TestFiles {

  private static final Pattern INVOCATION = Pattern.compile("invocation:#(\\d+)]$");

  private TestFiles() {}

  /** The file of the test of {@code context} under {@code root}, with {@code extension} ({@code .mitm}). */
  static Path of(ExtensionContext context, String root, String extension) {
    Class<?> testClass = context.getRequiredTestClass();
    String packageName = testClass.getPackageName();
    String className = testClass.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1)
        .replace('$', '.');
    Matcher invocation = INVOCATION.matcher(context.getUniqueId());
    String name = context.getRequiredTestMethod().getName() + (invocation.find() ? "-" + invocation.group(1) : "");
    return Path.of(root, className, name + extension);
  }
}
