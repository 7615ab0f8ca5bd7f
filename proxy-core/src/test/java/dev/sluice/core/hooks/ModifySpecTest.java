package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.TestFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModifySpecTest {

  @TempDir
  Path dir;

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void twoPartsApplyToEveryFlow() throws Exception {
    ModifySpec spec = ModifySpec.parse("/X-Test/value");

    assertThat(spec.filter().test(TestFlows.get("http://anything/"))).isTrue();
    assertThat(text(spec.subject())).isEqualTo("X-Test");
    assertThat(text(spec.replacement())).isEqualTo("value");
  }

  @Test
  void threePartsStartWithAFilterAndTheReplacementKeepsFurtherSeparators() throws Exception {
    ModifySpec spec = ModifySpec.parse(":~d example.com:X-Path:/a:b/c");

    assertThat(spec.filter().test(TestFlows.get("http://example.com/"))).isTrue();
    assertThat(spec.filter().test(TestFlows.get("http://other.org/"))).isFalse();
    assertThat(text(spec.subject())).isEqualTo("X-Path");
    assertThat(text(spec.replacement())).isEqualTo("/a:b/c");
  }

  @Property
  void anyCharacterCanBeTheSeparator(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String subject) throws Exception {
    ModifySpec spec = ModifySpec.parse("|" + subject + "|x/y");
    assertThat(text(spec.subject())).isEqualTo(subject);
    assertThat(text(spec.replacement())).isEqualTo("x/y");
  }

  @Test
  void escapesAreReadAsMitmproxyReadsThem() throws Exception {
    ModifySpec spec = ModifySpec.parse("/a\\x41\\n/\\t\\\\\\d");

    assertThat(spec.subject()).containsExactly('a', 'A', '\n');
    assertThat(text(spec.replacement())).isEqualTo("\t\\\\d");
  }

  @Test
  void onePartIsAnErrorQuotingTheSpec() {
    assertThatThrownBy(() -> ModifySpec.parse("/only"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"/only\"")
        .hasMessageContaining("expected 2 or 3 parts");
    assertThatThrownBy(() -> ModifySpec.parse("")).hasMessageContaining("expected [/filter]/subject/replacement");
  }

  @Test
  void aBadFilterIsAnErrorQuotingTheSpec() {
    assertThatThrownBy(() -> ModifySpec.parse("/~nosuch/a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"/~nosuch/a/b\"");
  }

  @Test
  void aReplacementFileIsCheckedWhenParsedAndReadOnEachUse() throws Exception {
    Path file = dir.resolve("value.txt");
    Files.writeString(file, "first");
    ModifySpec spec = ModifySpec.parse("|X-From-File|@" + file);
    assertThat(text(spec.replacement())).isEqualTo("first");

    Files.writeString(file, "second");
    assertThat(text(spec.replacement())).isEqualTo("second");

    assertThatThrownBy(() -> ModifySpec.parse("|X|@" + dir.resolve("missing.txt")))
        .hasMessageContaining("missing.txt")
        .hasMessageContaining("not readable");
  }
}
