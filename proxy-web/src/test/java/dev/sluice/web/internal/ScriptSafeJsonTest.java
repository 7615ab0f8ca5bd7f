package dev.sluice.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ScriptSafeJsonTest {

  @Test
  void writesNothingThatCouldEndAScriptElementAndStaysTheSameJson() throws Exception {
    String hostile = "</script><!-- & \u2028\u2029 é";
    String json = ScriptSafeJson.write(ScriptSafeJson.object().put("text", hostile));

    assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028").doesNotContain("\u2029")
        .contains("\\u003C/script\\u003E").contains("é");
    assertThat(new ObjectMapper().readTree(json).get("text").asText()).isEqualTo(hostile);
  }
}
