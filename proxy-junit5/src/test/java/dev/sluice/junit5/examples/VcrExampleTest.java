package dev.sluice.junit5.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.Cassette;
import dev.sluice.junit5.Sluice;
import dev.sluice.junit5.TestProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Example: the VCR workflow. The first run records the real service into a cassette; every later
 * run replays it, with the service gone. Here both runs are two ordered tests sharing one
 * cassette; in a real project the cassette is committed next to the test (by default
 * {@code src/test/resources/sluice/<TestClass>/<method>.mitm}) and {@code -Dsluice.record=all}
 * records it again.
 */
@Sluice
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VcrExampleTest {

  private static final String CASSETTE = "target/sluice-examples/VcrExampleTest/weather.mitm";
  private static final EchoOrigin weatherService = EchoOrigin.start();
  private static final URI forecast = weatherService.uri("/forecast?city=Lyon");
  private static String recordedTarget;

  @BeforeAll
  static void startsWithoutACassette() throws Exception {
    Files.deleteIfExists(Path.of(CASSETTE));
  }

  @Test
  @Order(1)
  @Cassette(CASSETTE)
  void theFirstRunRecordsFromTheRealService(HttpClient client, TestProxy proxy) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(forecast).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(weatherService.take().target()).isEqualTo("/forecast?city=Lyon");
    recordedTarget = response.headers().firstValue("X-Echo-Target").orElseThrow();
  }

  @Test
  @Order(2)
  @Cassette(CASSETTE)
  void laterRunsReplayWithTheServiceStopped(HttpClient client, TestProxy proxy) throws Exception {
    assertThat(Path.of(CASSETTE)).isRegularFile();
    weatherService.close();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(forecast).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Echo-Target")).hasValue(recordedTarget);
    assertThat(proxy.takeFlow().response().source().name()).isEqualTo("REPLAY");
  }
}
