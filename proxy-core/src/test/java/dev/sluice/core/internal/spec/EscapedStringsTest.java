package dev.sluice.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EscapedStringsTest {

  @Property
  void textWithoutBackslashesIsItsUtf8Bytes(@ForAll String text) {
    String plain = text.replace("\\", "");
    assertThat(EscapedStrings.toBytes(plain)).isEqualTo(plain.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsPythonEscapes() {
    assertThat(EscapedStrings.toBytes("\\n\\r\\t\\\\\\'\\\"\\x7f\\101\\0"))
        .containsExactly('\n', '\r', '\t', '\\', '\'', '"', 0x7f, 'A', 0);
  }

  @Test
  void keepsUnknownEscapesAsWritten() {
    assertThat(new String(EscapedStrings.toBytes("\\d+\\w"), StandardCharsets.UTF_8)).isEqualTo("\\d+\\w");
  }

  @Test
  void aTruncatedHexEscapeNamesItsPosition() {
    assertThatThrownBy(() -> EscapedStrings.toBytes("ab\\x4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 2");
  }
}
