package dev.sluice.bench;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.testing.TestFlows;
import java.nio.charset.StandardCharsets;

/** A realistic browser-like flow, built fresh for each benchmark invocation. */
final class BenchFlows {

  private static final byte[] HTML = ("<html><head><title>Example Domain</title></head><body>"
      + "<p>This domain is for use in illustrative examples.</p>".repeat(20) + "</body></html>")
      .getBytes(StandardCharsets.UTF_8);

  private BenchFlows() {}

  static HttpFlow request() {
    return TestFlows.of(Request.builder()
        .url("http://www.example.com/articles/42?page=2&sort=new")
        .header("Host", "www.example.com")
        .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0")
        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .header("Accept-Language", "en-GB,en;q=0.5")
        .header("Accept-Encoding", "gzip, deflate, br, zstd")
        .header("Cookie", "session=abc123; theme=dark")
        .header("If-None-Match", "\"5e1f-abc\"")
        .header("If-Modified-Since", "Sat, 21 Nov 2026 10:00:00 GMT")
        .build());
  }

  static HttpFlow exchange() {
    HttpFlow flow = request();
    flow.respond(Response.builder().status(200)
        .header("Content-Type", "text/html; charset=UTF-8")
        .header("Content-Length", Integer.toString(HTML.length))
        .header("Set-Cookie", "visit=1; Path=/; Max-Age=3600")
        .header("Cache-Control", "max-age=600")
        .content(HTML)
        .build());
    return flow;
  }
}
