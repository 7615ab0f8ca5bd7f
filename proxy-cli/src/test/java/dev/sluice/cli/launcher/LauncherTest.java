package dev.sluice.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./sluice} launcher starts the real JVM with the command line's flags: a bounded G1
 * heap given back when idle, Netty's native libraries from beside the jar, and
 * {@code SLUICE_JAVA_OPTS} after its own flags so that they win. The jar it runs is a stand-in
 * ({@link JvmReport}) in a copy of the repository's layout, so nothing is built.
 */
class LauncherTest {

  private static final long MIB = 1024 * 1024;

  @TempDir
  Path root;

  @Test
  void theProxyGetsABoundedG1HeapThatIsGivenBackWhenIdle() throws Exception {
    List<String> report = launch("");

    assertThat(report).contains("max_heap=" + 512 * MIB, "collector=G1 Young Generation",
        "flag=-XX:G1PeriodicGCInterval=15000", "flag=-XX:-G1PeriodicGCInvokesConcurrent", "flag=-Dio.netty.jfr.enabled=false");
    assertThat(report).endsWith("arg=--version", "arg=-p", "arg=8080");
  }

  @Test
  void flagsInSluiceJavaOptsComeLastAndWin() throws Exception {
    assertThat(launch("-Xmx1g")).contains("max_heap=" + 1024 * MIB);
  }

  @Test
  void nettysNativeLibrariesAreLoadedFromBesideTheJar() throws Exception {
    Path unpacked = root.resolve("proxy-cli/target/native");

    assertThat(launch("")).contains("library_path=" + unpacked);
    assertThat(unpacked.resolve("libnetty_stand_in.so")).hasContent("not a library");
  }

  /** Runs a copy of the launcher (class-data sharing off) with {@code javaOpts}; returns what the JVM reported. */
  private List<String> launch(String javaOpts) throws IOException, InterruptedException {
    Path launcher = root.resolve("sluice");
    Files.copy(Path.of("..", "sluice"), launcher);
    writeStandInJar(root.resolve("proxy-cli/target/sluice.jar"));
    ProcessBuilder command = new ProcessBuilder("bash", launcher.toString(), "--version", "-p", "8080")
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    command.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    command.environment().put("SLUICE_CDS", "off");
    command.environment().put("SLUICE_JAVA_OPTS", javaOpts);
    Process process = command.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  /** A jar running {@link JvmReport}, with a native library where Netty's jars keep theirs. */
  private static void writeStandInJar(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JvmReport.class.getName());
    String classFile = JvmReport.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(classFile));
      try (var in = JvmReport.class.getClassLoader().getResourceAsStream(classFile)) {
        in.transferTo(out);
      }
      out.putNextEntry(new JarEntry("META-INF/native/libnetty_stand_in.so"));
      out.write("not a library".getBytes(StandardCharsets.UTF_8));
    }
  }
}
