package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class HttpVersionPropertiesTest {

  private static final Pattern VERSION = Pattern.compile("HTTP/\\d(\\.\\d)?");

  @Property
  void aVersionIsAcceptedExactlyWhenItIsHttpSlashDigitWithAnOptionalMinorDigit(
      @ForAll @StringLength(max = 9) @Chars({'H', 'T', 'P', '/', '.', 'x', ' '}) @CharRange(from = '0', to = '9') String tail,
      @ForAll boolean withPrefix) {
    String version = withPrefix ? "HTTP/" + tail : tail;
    HttpResponse response = Response.of(200);
    boolean accepted;
    try {
      response.setHttpVersion(version);
      accepted = true;
    } catch (IllegalArgumentException e) {
      accepted = false;
    }
    assertThat(accepted).as(version).isEqualTo(VERSION.matcher(version).matches());
  }
}
