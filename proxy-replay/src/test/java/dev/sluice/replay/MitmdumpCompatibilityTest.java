package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.Flow;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mitmproxy's own reader (Debian's mitmdump 8.1.1, flow format 17) lists what Sluice wrote. */
class MitmdumpCompatibilityTest {

  @TempDir
  Path dir;

  @Test
  void mitmdumpListsEveryFlowSluiceWrote() throws Exception {
    Path mitmdump = mitmdump();
    assumeTrue(mitmdump != null, "mitmdump is not installed");
    List<Flow> flows = new ArrayList<>(List.of(StoredFlows.exchange(1), StoredFlows.webSocket(2), StoredFlows.failed(3)));
    flows.addAll(Corpus.allDumpFlows());
    Path file = write(flows);

    String output = run(mitmdump, "-r", file.toString(), "-s", script().toString());
    List<String> expected = flows.stream().map(f -> "FLOW " + f.id() + " " + f.request().method() + " "
        + f.request().url() + " " + (f.response() == null ? "-" : f.response().statusCode())
        + " ws=" + (f.webSocket() == null ? "-" : f.webSocket().messages().size())).toList();
    assertThat(output.lines().filter(l -> l.startsWith("FLOW "))).as(output).containsExactlyElementsOf(expected);
  }

  @Test
  void flowsMitmdumpRewritesReadBackAsTheSameFlows() throws Exception {
    Path mitmdump = mitmdump();
    assumeTrue(mitmdump != null, "mitmdump is not installed");
    List<Flow> flows = new ArrayList<>(List.of(StoredFlows.exchange(1), StoredFlows.webSocket(2), StoredFlows.failed(3)));
    for (Path file : Corpus.files("mitmproxy/flows", ".mitm")) {
      flows.addAll(FlowReader.readAll(file));
    }
    Path written = write(flows);
    Path rewritten = dir.resolve("mitmdump.mitm");

    run(mitmdump, "-r", written.toString(), "-w", rewritten.toString());
    // mitmdump saves a flow when it finishes and the unfinished ones at exit, so the order changes;
    // a flow with both a response and an error it saves twice (on each event).
    assertThat(new LinkedHashSet<>(FlowDescriptions.describe(FlowReader.readAll(rewritten))))
        .containsExactlyInAnyOrderElementsOf(FlowDescriptions.describe(flows));
  }

  @Test
  void oldDumpsMigrateAsMitmproxyMigratesThem() throws Exception {
    Path mitmdump = mitmdump();
    assumeTrue(mitmdump != null, "mitmdump is not installed");
    // Every old format that mitmproxy 8.1.1 still reads, as one stream (a dump is a sequence of records).
    Path old = dir.resolve("old.mitm");
    for (String name : List.of("dumpfile-011.mitm", "dumpfile-018.mitm", "dumpfile-019.mitm", "dumpfile-10.mitm",
        "dumpfile-7.mitm", "dumpfile-7-websocket.mitm")) {
      Files.write(old, Files.readAllBytes(Corpus.file("mitmproxy/dumpfiles/" + name)),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    Path migrated = dir.resolve("migrated.mitm");

    run(mitmdump, "-r", old.toString(), "-w", migrated.toString());

    // Connection ids that format 4 lacked are made up afresh by each reader.
    assertThat(new LinkedHashSet<>(withoutConnectionIds(FlowReader.readAll(migrated))))
        .containsExactlyInAnyOrderElementsOf(new LinkedHashSet<>(withoutConnectionIds(FlowReader.readAll(old))))
        .hasSize(12);
  }

  private static List<String> withoutConnectionIds(List<Flow> flows) {
    return FlowDescriptions.describe(flows).stream()
        .map(d -> d.replaceAll("(?m)^(client|server) \\S+ ", "$1 ID ")).toList();
  }

  /** Runs {@code mitmdump -q -n} with {@code args} in the test directory; returns what it printed. */
  private String run(Path mitmdump, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(mitmdump.toString(), "-q", "-n"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private Path write(List<Flow> flows) throws Exception {
    Path file = dir.resolve("sluice.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (Flow flow : flows) {
        writer.write(flow);
      }
    }
    return file;
  }

  private static Path mitmdump() {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(p -> Path.of(p, "mitmdump")).filter(Files::isExecutable).findFirst().orElse(null);
  }

  /** An addon that prints one line per flow read: id, method, URL, status, websocket messages. */
  private Path script() throws Exception {
    Path script = dir.resolve("list_flows.py");
    Files.writeString(script, String.join("\n",
        "def _line(flow):",
        "    status = flow.response.status_code if flow.response else '-'",
        "    ws = len(flow.websocket.messages) if flow.websocket else '-'",
        "    print(f'FLOW {flow.id} {flow.request.method} {flow.request.url} {status} ws={ws}', flush=True)",
        "",
        "def request(flow):",
        "    _line(flow)",
        ""));
    return script;
  }
}
