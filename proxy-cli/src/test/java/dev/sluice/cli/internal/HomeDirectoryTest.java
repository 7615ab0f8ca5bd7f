package dev.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HomeDirectoryTest {

  @Test
  void homeFromTheEnvironmentWins() {
    assertThat(HomeDirectory.of(Map.of("HOME", "/srv/somebody"))).isEqualTo(Path.of("/srv/somebody"));
  }

  @Test
  void anUnsetOrEmptyHomeFallsBackToUserHome() {
    Path userHome = Path.of(System.getProperty("user.home"));

    assertThat(HomeDirectory.of(Map.of())).isEqualTo(userHome);
    assertThat(HomeDirectory.of(Map.of("HOME", ""))).isEqualTo(userHome);
  }
}
