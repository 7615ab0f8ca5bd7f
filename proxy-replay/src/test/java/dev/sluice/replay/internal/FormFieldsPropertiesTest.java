package dev.sluice.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FormFieldsPropertiesTest {

  private static final String BOUNDARY = "----b0undary";

  @Property(tries = 300)
  void aMultipartBodyGivesBackItsFieldsInOrder(@ForAll @Size(max = 5) List<@From("names") String> names,
      @ForAll("bytes") byte[] value) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("preamble\r\n".getBytes(StandardCharsets.ISO_8859_1));
    for (String name : names) {
      body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(value);
      body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    body.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.ISO_8859_1));

    List<Map.Entry<String, byte[]>> fields = FormFields.multipart(body.toByteArray(), BOUNDARY);

    assertThat(fields).extracting(Map.Entry::getKey).containsExactlyElementsOf(names);
    assertThat(fields).allSatisfy(field -> assertThat(field.getValue()).isEqualTo(value));
  }

  @Property(tries = 300)
  void anyBytesGiveFieldsOrNoneButNeverAnError(@ForAll("bytes") byte[] body) {
    assertThat(FormFields.multipart(body, "x")).isNotNull();
  }

  @Test
  void theBoundaryParameterIsReadQuotedOrNot() {
    assertThat(FormFields.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
    assertThat(FormFields.boundary("multipart/form-data;charset=utf-8;Boundary=xyz")).isEqualTo("xyz");
    assertThat(FormFields.boundary("multipart/form-data")).isNull();
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().alpha().numeric().withChars("_-. ").ofMinLength(1).ofMaxLength(10);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
        .filter(b -> !new String(b, StandardCharsets.ISO_8859_1).contains("--" + BOUNDARY));
  }
}
