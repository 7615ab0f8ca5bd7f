package dev.sluice.replay;

import static dev.sluice.replay.FlowDescriptions.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpRoundTripTest {

  @TempDir
  Path dir;

  @Test
  void flowsWrittenAndReadBackAreTheSameFlows() throws Exception {
    List<Flow> flows = List.of(StoredFlows.exchange(1), StoredFlows.exchange(2), StoredFlows.webSocket(3),
        StoredFlows.failed(4));
    Path file = dir.resolve("session.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (Flow flow : flows) {
        writer.write(flow);
      }
    }

    assertThat(describe(FlowReader.readAll(file))).containsExactlyElementsOf(describe(flows));
  }

  @Test
  void everyCorpusDumpSurvivesAWriteAndReadUnchanged() throws Exception {
    List<Flow> corpus = Corpus.allDumpFlows();
    Path file = dir.resolve("corpus.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (Flow flow : corpus) {
        writer.write(flow);
      }
    }

    assertThat(corpus).hasSize(32);
    assertThat(describe(FlowReader.readAll(file))).containsExactlyElementsOf(describe(corpus));
  }

  @Test
  void appendingToADumpKeepsTheFlowsAlreadyThere() throws Exception {
    Path file = dir.resolve("grow.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(StoredFlows.exchange(1));
    }
    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(StoredFlows.exchange(2));
    }

    assertThat(FlowReader.readAll(file)).extracting(Flow::id).containsExactly("flow-1", "flow-2");
  }
}
