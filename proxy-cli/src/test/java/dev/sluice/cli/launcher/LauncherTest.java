package dev.sluice.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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
 * {@code SLUICE_JAVA_OPTS} after its own flags so that they win, a class-data archive except beside
 * a flight recording or an agent. The jar it runs is a stand-in
 * ({@link JvmReport}) in a copy of the repository's layout, so nothing is built.
 */
class LauncherTest {

  private static final long MIB = 1024 * 1024;
  private static final Path BASE_ARCHIVE = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");

  @TempDir
  Path root;

  @Test
  void theProxyGetsABoundedG1HeapThatIsGivenBackWhenIdle() throws Exception {
    List<String> report = launch("");

    assertThat(report).contains("max_heap=" + 512 * MIB, "collector=G1 Young Generation",
        "flag=-XX:G1PeriodicGCInterval=15000", "flag=-XX:-G1PeriodicGCInvokesConcurrent", "flag=-Dio.netty.jfr.enabled=false",
        "flag=-Dio.netty.allocator.type=pooled");
    assertThat(report).endsWith("arg=--version", "arg=-p", "arg=8080");
  }

  @Test
  void flagsInSluiceJavaOptsComeLastAndWin() throws Exception {
    assertThat(launch("-Xmx1g")).contains("max_heap=" + 1024 * MIB);
  }

  @Test
  void theFirstProxyRunRecordsAClassArchive() throws Exception {
    assumeTrue(Files.isRegularFile(BASE_ARCHIVE), "the launcher records an archive only on the JDK's own: " + BASE_ARCHIVE);

    assertThat(launch("", "on", "-p", "8080")).anyMatch(line -> line.startsWith("flag=-XX:ArchiveClassesAtExit="));
  }

  @Test
  void aFlightRecordingOrAnAgentTurnsTheClassArchiveOff() throws Exception {
    Path recording = root.resolve("proxy.jfr");
    // JDK 17 crashed in its class-file load hook on archived classes once a recording had started
    String debugger = "-Xmx1g -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    for (String opts : List.of("-XX:StartFlightRecording=filename=" + recording, debugger)) {
      assertThat(launch(opts, "on", "-p", "8080")).as(opts).noneMatch(line -> line.contains("Archive"));
    }
  }

  @Test
  void nettysNativeLibrariesAreLoadedFromBesideTheJar() throws Exception {
    Path unpacked = root.resolve("proxy-cli/target/native");

    assertThat(launch("")).contains("library_path=" + unpacked);
    assertThat(unpacked.resolve("libnetty_stand_in.so")).hasContent("not a library");
  }

  /** Runs a copy of the launcher (class-data sharing off) with {@code javaOpts}; returns what the JVM reported. */
  private List<String> launch(String javaOpts) throws IOException, InterruptedException {
    return launch(javaOpts, "off", "--version", "-p", "8080");
  }

  /** Runs a copy of the launcher with {@code javaOpts}, {@code SLUICE_CDS} and {@code args}; returns what the JVM reported. */
  private List<String> launch(String javaOpts, String cds, String... args) throws IOException, InterruptedException {
    Path launcher = root.resolve("sluice");
    Files.copy(Path.of("..", "sluice"), launcher, StandardCopyOption.REPLACE_EXISTING);
    writeStandInJar(root.resolve("proxy-cli/target/sluice.jar"));
    List<String> commandLine = new ArrayList<>(List.of("bash", launcher.toString()));
    commandLine.addAll(List.of(args));
    ProcessBuilder command = new ProcessBuilder(commandLine).redirectError(ProcessBuilder.Redirect.INHERIT);
    command.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    command.environment().put("SLUICE_CDS", cds);
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
