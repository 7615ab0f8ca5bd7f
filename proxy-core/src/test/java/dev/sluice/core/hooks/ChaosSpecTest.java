package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spec syntax of the chaos hooks, and the delays they draw. */
class ChaosSpecTest {

  @Test
  void aSpecHasAnOptionalFilterAnActionAndAnOptionalPercentage() {
    ChaosSpec<String> all = ChaosSpec.parse("/reset", text -> text);
    assertThat(all.action()).isEqualTo("reset");
    assertThat(all.probability()).isEqualTo(1.0);

    ChaosSpec<String> some = ChaosSpec.parse(":~u /pay:reset:10%", text -> text);
    assertThat(some.filter().toString()).contains("/pay");
    assertThat(some.action()).isEqualTo("reset");
    assertThat(some.probability()).isEqualTo(0.1);
    assertThat(some).hasToString(":~u /pay:reset:10%");
  }

  @Test
  void badSpecsNameThemselvesAndTheirFault() {
    assertThatThrownBy(() -> ChaosSpec.parse("/a/b/c", text -> text))
        .hasMessage("spec \"/a/b/c\": expected [/filter]/action[/probability%], got 3 parts separated by \"/\"");
    assertThatThrownBy(() -> ChaosSpec.parse("/~bogus/reset", text -> text))
        .hasMessageStartingWith("spec \"/~bogus/reset\": ");
    assertThatThrownBy(() -> ChaosSpec.parse("/reset/ten%", text -> text))
        .hasMessage("spec \"/reset/ten%\": not a probability: \"ten%\" (expected a percentage such as 10%)");
    assertThatThrownBy(() -> ChaosSpec.parse("/", text -> text)).hasMessageContaining("spec \"/\"");
  }

  @Test
  void delaysAreFixedUniformOrLogNormal() {
    Random random = new Random(1);
    assertThat(Delay.parse("250ms").sample(random)).isEqualTo(Duration.ofMillis(250));
    assertThat(Delay.parse("1.5s").sample(random)).isEqualTo(Duration.ofMillis(1500));
    for (int i = 0; i < 100; i++) {
      assertThat(Delay.parse("100ms..2s").sample(random)).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
      assertThat(Delay.parse("lognormal:200ms:0.5").sample(random)).isPositive();
    }
    assertThat(Delay.parse("lognormal:200ms:0").sample(random)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void badDelaysSayWhichFormsThereAre() {
    assertThatThrownBy(() -> Delay.parse("soon"))
        .hasMessage("not a delay: \"soon\" (expected 250ms, 2s, 100ms..2s or lognormal:200ms:0.5)");
    assertThatThrownBy(() -> Delay.parse("2s..1s")).hasMessage("delay range \"2s..1s\" ends before it starts");
    assertThatThrownBy(() -> Delay.parse("lognormal:200ms:x"))
        .hasMessage("not a log-normal sigma (0..10): \"x\" in \"lognormal:200ms:x\"");
  }

  @Test
  void faultsAndRatesReadTheirNames() {
    assertThat(Faults.spec("/status:503").action()).isEqualTo(new Faults.Fault(Faults.Fault.Kind.STATUS, 503));
    assertThat(Faults.spec("/DROP_UPSTREAM").action().kind()).isEqualTo(Faults.Fault.Kind.DROP_UPSTREAM);
    assertThat(Bandwidth.spec("/up:64k").action()).isEqualTo(new Bandwidth.Action(false, true, false, 64 * 1024));
    assertThat(Bandwidth.spec("/1m").action()).isEqualTo(new Bandwidth.Action(false, true, true, 1 << 20));
    assertThatThrownBy(() -> Faults.spec("/status")).hasMessageContaining("unknown fault \"status\"");
    assertThatThrownBy(() -> Bandwidth.spec("/0")).hasMessageContaining("rate must be at least 1 byte a second");
  }

  @Test
  void connectionRatesTakeTheConnPrefixBeforeTheDirection() {
    assertThat(Bandwidth.spec("/conn:down:64k").action()).isEqualTo(new Bandwidth.Action(true, false, true, 64 * 1024));
    assertThat(Bandwidth.spec("/conn:1m").action()).isEqualTo(new Bandwidth.Action(true, true, true, 1 << 20));
    assertThat(Bandwidth.spec("/conn:up:512").action()).hasToString("conn:up:512");
  }

  @Test
  void badConnectionRatesNameTheSpec() {
    assertThatThrownBy(() -> Bandwidth.spec("/conn:"))
        .hasMessage("spec \"/conn:\": not a rate in bytes a second: \"conn:\" (expected 64k, up:1m, down:512, "
            + "conn:down:1m)");
    assertThatThrownBy(() -> Bandwidth.spec("/down:conn:1m"))
        .hasMessageContaining("spec \"/down:conn:1m\": not a rate in bytes a second: \"down:conn:1m\"");
    assertThatThrownBy(() -> Bandwidth.spec("/~d x/conn:up:0"))
        .hasMessage("spec \"/~d x/conn:up:0\": rate must be at least 1 byte a second: \"conn:up:0\"");
  }
}
