package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class OpenFilesTest {

  @Test
  void theDefaultLimitGivesEachConnectionTwoDescriptorsAfterAReserveOfATenthOrAtLeast64() {
    assertThat(new OpenFiles(20_000).defaultMaxConnections()).isEqualTo(9_000);
    assertThat(new OpenFiles(1_024).defaultMaxConnections()).isEqualTo(461);
    assertThat(new OpenFiles(256).defaultMaxConnections()).isEqualTo(96);
    assertThat(new OpenFiles(100).defaultMaxConnections()).isEqualTo(18);
  }

  @Test
  void aLimitTooSmallForTheReserveStillAdmitsOneConnection() {
    assertThat(new OpenFiles(64).defaultMaxConnections()).isEqualTo(1);
    assertThat(new OpenFiles(10).defaultMaxConnections()).isEqualTo(1);
  }

  @Test
  void aHugeLimitIsCappedAtTheLargestInt() {
    assertThat(new OpenFiles(Long.MAX_VALUE).defaultMaxConnections()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void anUnknownLimitGivesAFixedDefault() {
    assertThat(OpenFiles.UNKNOWN.defaultMaxConnections()).isEqualTo(2_000);
    assertThat(OpenFiles.UNKNOWN).hasToString("limit unknown");
    assertThat(new OpenFiles(20_000)).hasToString("limit 20000 open files");
  }

  @Test
  void thisProcessLimitIsTheOneLinuxReports() throws Exception {
    Path limits = Path.of("/proc/self/limits");
    Assumptions.assumeTrue(Files.isReadable(limits), "not Linux");
    String line = Files.readAllLines(limits).stream()
        .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();

    assertThat(OpenFiles.ofThisProcess().limit()).isEqualTo(Long.parseLong(line.split("\\s+")[3]));
  }
}
