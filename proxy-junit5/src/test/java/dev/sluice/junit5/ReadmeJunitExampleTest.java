package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's JUnit examples and client recipes compiling and passing: the examples are
 * {@link InterceptedHttpsTest} and {@link GrpcMessageHookTest}, shown whole but for their package line; the recipes are the code
 * between the markers in {@code ProxyClientsTest}, checked word for word.
 */
class ReadmeJunitExampleTest {

  private static final String PACKAGE_LINE = "package dev.sluice.junit5;\n\n";

  @Test
  void theReadmeShowsTheJunitExampleClassWholeButForItsPackageLine() throws IOException {
    String example = source("InterceptedHttpsTest.java");
    assertThat(example).startsWith(PACKAGE_LINE);

    assertThat(firstJavaBlockUnder("## A JUnit test\n")).isEqualTo(example.substring(PACKAGE_LINE.length()));
  }

  @Test
  void theReadmeShowsTheGrpcExampleClassWholeButForItsPackageLine() throws IOException {
    String example = source("GrpcMessageHookTest.java");
    assertThat(example).startsWith(PACKAGE_LINE);

    assertThat(firstJavaBlockUnder("### gRPC messages in a JUnit test\n")).isEqualTo(example.substring(PACKAGE_LINE.length()));
  }

  @Test
  void theReadmeShowsTheClientRecipesUnchanged() throws IOException {
    String readme = normalise(readme());

    for (String name : new String[] {"okhttp", "apache"}) {
      assertThat(readme.contains(snippet("ProxyClientsTest.java", name)))
          .as("README.md shows the %s snippet of ProxyClientsTest.java word for word", name).isTrue();
    }
  }

  private static String firstJavaBlockUnder(String heading) throws IOException {
    String readme = readme();
    assertThat(readme).contains(heading);
    int start = readme.indexOf("```java\n", readme.indexOf(heading)) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```\n", start));
  }

  private static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
  }

  private static String source(String file) throws IOException {
    return Files.readString(Path.of("src/test/java/dev/sluice/junit5", file), StandardCharsets.UTF_8);
  }

  private static String snippet(String file, String name) throws IOException {
    String source = source(file);
    String start = "// README " + name + " start";
    String end = "// README " + name + " end";
    return normalise(source.substring(source.indexOf(start) + start.length(), source.indexOf(end)));
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
