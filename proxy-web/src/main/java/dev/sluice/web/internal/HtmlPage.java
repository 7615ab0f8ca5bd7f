package dev.sluice.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The page as one HTML document: the bundle's script and style inlined (built from
 * {@code src/main/web} into this package's {@code page} resources), and, for a report, the flows
 * as JSON in a {@code <script type="application/json" id="sluice-report">} element. Its content
 * security policy allows exactly the inlined script and style (by hash), images from
 * {@code data:} URLs, and requests to the page's own server only when it is live; nothing else
 * loads.
 *
 * <pre>{@code
 * HtmlPage page = HtmlPage.bundled();
 * String live = page.live();                       // served with page.policy(true)
 * String report = page.report("MyTest", json);     // carries its policy in a meta element
 * }</pre>
 */
public final class HtmlPage {

  private static final String BUNDLE = "page/";

  private final String script;
  private final String style;

  HtmlPage(String script, String style) {
    this.script = checkInlinable("app.js", script);
    this.style = checkInlinable("app.css", style);
  }

  /** The page built into this jar. */
  public static HtmlPage bundled() {
    return new HtmlPage(resource("app.js"), resource("app.css"));
  }

  /** The live view's page; it reads its token from its own URL. */
  public String live() {
    return document("Sluice", "", "");
  }

  /** The report page: {@code title}, and {@code reportJson} (script-safe JSON, see {@link ScriptSafeJson}) embedded. */
  public String report(String title, String reportJson) {
    if (reportJson.contains("<")) {
      throw new IllegalArgumentException("reportJson: not script-safe JSON (it contains '<')");
    }
    String meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy(false) + "\">\n";
    return document(title, meta, "<script type=\"application/json\" id=\"sluice-report\">" + reportJson + "</script>\n");
  }

  /** The content security policy: the inlined script and style, data: images, and the server itself when live. */
  public String policy(boolean live) {
    return "default-src 'none'; script-src '" + sha256(script) + "'; style-src '" + sha256(style) + "'; img-src data:; "
        + (live ? "connect-src 'self'; frame-ancestors 'none'; " : "") + "base-uri 'none'; form-action 'none'";
  }

  private String document(String title, String meta, String data) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"referrer\" content=\"no-referrer\">\n" + meta
        + "<title>" + escape(title) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n<div id=\"app\"></div>\n"
        + data + "<script>" + script + "</script>\n</body>\n</html>\n";
  }

  /** {@code text} with {@code & < > "} as character references. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String checkInlinable(String name, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
      throw new IllegalStateException(name + ": cannot be inlined into the page: it contains </script, </style or <!--");
    }
    return text;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(BUNDLE + name)) {
      if (in == null) {
        throw new IllegalStateException("the page's bundle is missing from the jar: " + BUNDLE + name
            + " (proxy-web's build makes it from src/main/web with npm)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the page's bundle " + BUNDLE + name + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
