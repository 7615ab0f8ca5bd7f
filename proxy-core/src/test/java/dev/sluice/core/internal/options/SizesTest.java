package dev.sluice.core.internal.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({"512, 512", "64k, 65536", "3m, 3145728", "1g, 1073741824", "2MB, 2097152", " 10K , 10240", "0, 0"})
  void parsesSizesAsMitmproxyWritesThem(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "-1", "1.5m", "12x", "99999999999999999g"})
  void rejectsWhatIsNotASizeAndQuotesIt(String text) {
    assertThatThrownBy(() -> Sizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "100, 100", "1536, 1536", "3072, 3k", "67108864, 64m", "1073741824, 1g", "2199023255552, 2048g"})
  void formatsInTheLargestUnitThatKeepsTheSizeWhole(long bytes, String text) {
    assertThat(Sizes.format(bytes)).isEqualTo(text);
  }

  @Property
  void whatIsFormattedParsesBack(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
    assertThat(Sizes.parse(Sizes.format(bytes))).isEqualTo(bytes);
  }
}
