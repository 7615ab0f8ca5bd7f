package dev.sluice.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HtmlPageTest {

  @Test
  void theBundledPageInlinesItsScriptAndStyleAndAllowsExactlyThem() throws Exception {
    HtmlPage page = HtmlPage.bundled();
    String html = page.live();
    String script = between(html, "<script>", "</script>");
    String style = between(html, "<style>", "</style>");

    assertThat(script).contains("sluice-report");
    assertThat(page.policy(true)).contains("script-src '" + sha256(script) + "'").contains("style-src '" + sha256(style) + "'")
        .contains("connect-src 'self'").startsWith("default-src 'none'");
    assertThat(page.policy(false)).doesNotContain("connect-src");
  }

  @Test
  void aReportCarriesItsPolicyItsTitleEscapedAndItsData() {
    String html = HtmlPage.bundled().report("A <b>&</b> test", "{\"title\":\"x\",\"flows\":[]}");

    assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-")
        .contains("<title>A &lt;b&gt;&amp;&lt;/b&gt; test</title>")
        .contains("<script type=\"application/json\" id=\"sluice-report\">{\"title\":\"x\",\"flows\":[]}</script>");
    assertThatThrownBy(() -> HtmlPage.bundled().report("t", "{\"a\":\"</script>\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not script-safe");
  }

  @Test
  void aBundleThatWouldEndItsOwnElementIsRefused() {
    assertThatThrownBy(() -> new HtmlPage("var a = '</SCRIPT>';", "a{}"))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("app.js: cannot be inlined");
    assertThatThrownBy(() -> new HtmlPage("1", "a{content:'</style>'}"))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("app.css: cannot be inlined");
  }

  private static String between(String text, String start, String end) {
    int from = text.lastIndexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static String sha256(String text) throws Exception {
    return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
