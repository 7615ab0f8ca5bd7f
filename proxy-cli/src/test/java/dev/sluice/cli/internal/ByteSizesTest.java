package dev.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ByteSizesTest {

  @Property
  void wholeKibibytesPrintWithOneDecimal(@ForAll @LongRange(min = 1, max = 1023) long kib) {
    assertThat(ByteSizes.format(kib * 1024)).isEqualTo(kib + ".0k");
  }

  @Test
  void smallSizesPrintInBytes() {
    assertThat(ByteSizes.format(17)).isEqualTo("17b");
    assertThat(ByteSizes.format(1536)).isEqualTo("1.5k");
  }
}
