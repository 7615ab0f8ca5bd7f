package dev.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @ParameterizedTest
  @CsvSource({"512, 512", "64k, 65536", "3m, 3145728", "1g, 1073741824", "2MB, 2097152", " 10K , 10240"})
  void parsesSizesAsMitmproxyWritesThem(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "-1", "1.5m", "12x", "99999999999999999g"})
  void rejectsWhatIsNotASizeAndQuotesIt(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @Property
  void wholeKibibytesPrintAndParseBack(@ForAll @LongRange(min = 1, max = 1023) long kib) {
    assertThat(ByteSizes.format(kib * 1024)).isEqualTo(kib + ".0k");
    assertThat(ByteSizes.parse(kib + "k")).isEqualTo(kib * 1024);
  }

  @Test
  void smallSizesPrintInBytes() {
    assertThat(ByteSizes.format(17)).isEqualTo("17b");
    assertThat(ByteSizes.format(1536)).isEqualTo("1.5k");
  }
}
