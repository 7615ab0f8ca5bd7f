package dev.sluice.api.internal.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text that ~src and ~meta search, formatted as mitmproxy formats it. */
class FlowTextTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "127.0.0.1, 127.0.0.1",
      "::1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "fe80:0:0:0:0:0:0:1, fe80::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:DB8:AAAA:0:0:0:0:0, 2001:db8:aaaa::",
  })
  void ipAddressesPrintInTheirShortForm(String ip, String expected) throws Exception {
    assertThat(FlowText.ipText(InetAddress.getByName(ip))).isEqualTo(expected);
  }

  @Test
  void metadataPrintsAsPythonWouldPrintIt() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("none", null);
    metadata.put("list", new ArrayList<>(Arrays.asList(1, "x", true)));
    metadata.put("map", Map.of("k", false));
    metadata.put("text", "it's");
    metadata.put("quoted", Arrays.asList("it's", "a\\b"));

    assertThat(MetadataText.of(metadata)).isEqualTo("none: None\nlist: [1, 'x', True]\nmap: {'k': False}\n"
        + "text: it's\nquoted: [\"it's\", 'a\\\\b']");
  }
}
