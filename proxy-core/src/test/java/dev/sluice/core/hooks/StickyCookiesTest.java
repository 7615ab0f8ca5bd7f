package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.testing.TestFlows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StickyCookiesTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
  private final StickyCookies sticky = new StickyCookies(FlowFilter.all(), new Clock() {
    @Override public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now.get();
    }
  });

  private void learn(String url, String... setCookies) {
    HttpFlow flow = TestFlows.get(url);
    HttpResponse.Builder response = Response.builder();
    for (String setCookie : setCookies) {
      response.header("Set-Cookie", setCookie);
    }
    sticky.response(TestFlows.answered(flow, response.build()));
  }

  private String cookieSentTo(String url, String... requestHeaders) {
    HttpFlow flow = TestFlows.get(url, requestHeaders);
    sticky.requestHeaders(flow);
    return flow.request().headers().get("Cookie");
  }

  @Test
  void sendsLearntCookiesBackToTheSameHostAndMarksTheFlow() {
    learn("http://example.com/", "session=abc; Path=/", "theme=dark");
    HttpFlow flow = TestFlows.get("http://example.com/page");

    sticky.requestHeaders(flow);

    assertThat(flow.request().headers().get("Cookie")).isEqualTo("session=abc; theme=dark");
    assertThat(flow.metadata()).containsEntry("stickycookie", true);
  }

  @Test
  void learnsSeveralCookiesFoldedIntoOneFieldWithoutSplittingExpiresDates() {
    learn("http://example.com/", "a=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT, b=2; Path=/");

    assertThat(cookieSentTo("http://example.com/")).isEqualTo("a=1; b=2");
  }

  @Test
  void honoursADomainAttributeWithoutALeadingDotForSubdomains() {
    learn("http://www.example.com/", "id=7; Domain=example.com; Path=/");

    assertThat(cookieSentTo("http://api.example.com/")).isEqualTo("id=7");
    assertThat(cookieSentTo("http://example.com/")).isEqualTo("id=7");
    assertThat(cookieSentTo("http://notexample.com/")).isNull();
  }

  @Test
  void aHostOnlyCookieIsNotSentToSubdomains() {
    learn("http://example.com/", "id=7; Path=/");

    assertThat(cookieSentTo("http://api.example.com/")).isNull();
  }

  @Test
  void refusesAPublicSuffixAsDomain() {
    learn("http://shop.example.co.uk/", "tracker=1; Domain=co.uk; Path=/");

    assertThat(cookieSentTo("http://other.co.uk/")).isNull();
    assertThat(cookieSentTo("http://shop.example.co.uk/")).isNull();
    assertThat(sticky.size()).isZero();
  }

  @Test
  void refusesADomainTheHostIsNotIn() {
    learn("http://example.com/", "x=1; Domain=evil.org; Path=/");

    assertThat(sticky.size()).isZero();
  }

  @Test
  void matchesPathsBySegments() {
    learn("http://example.com/", "p=1; Path=/foo");

    assertThat(cookieSentTo("http://example.com/foo")).isEqualTo("p=1");
    assertThat(cookieSentTo("http://example.com/foo/bar?x=1")).isEqualTo("p=1");
    assertThat(cookieSentTo("http://example.com/foobar")).isNull();
  }

  @Test
  void defaultPathIsTheDirectoryOfTheRequest() {
    learn("http://example.com/app/login", "s=1");

    assertThat(cookieSentTo("http://example.com/app/home")).isEqualTo("s=1");
    assertThat(cookieSentTo("http://example.com/other")).isNull();
  }

  @Test
  void keysByPortAsWell() {
    learn("http://example.com:8080/", "s=1; Path=/");

    assertThat(cookieSentTo("http://example.com:8080/")).isEqualTo("s=1");
    assertThat(cookieSentTo("http://example.com/")).isNull();
  }

  @Test
  void keepsCookiesTheClientSentAndAddsOnlyMissingNames() {
    learn("http://example.com/", "session=stored; Path=/", "extra=1; Path=/");

    assertThat(cookieSentTo("http://example.com/", "Cookie", "session=mine"))
        .isEqualTo("session=mine; extra=1");
  }

  @Test
  void maxAgeWinsOverExpires() {
    learn("http://example.com/", "s=1; Max-Age=60; Expires=Wed, 09 Jun 2100 10:18:14 GMT; Path=/");

    now.set(now.get().plus(Duration.ofSeconds(61)));

    assertThat(cookieSentTo("http://example.com/")).isNull();
  }

  @Test
  void aCookieInThePastDeletesTheStoredOne() {
    learn("http://example.com/", "s=1; Path=/");
    learn("http://example.com/", "s=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");

    assertThat(cookieSentTo("http://example.com/")).isNull();
  }

  @Test
  void maxAgeZeroDeletesTheStoredOne() {
    learn("http://example.com/", "s=1; Path=/");
    learn("http://example.com/", "s=1; Max-Age=0; Path=/");

    assertThat(sticky.size()).isZero();
  }

  @Test
  void secureCookiesGoOnlyOverHttps() {
    learn("https://example.com/", "s=1; Secure; Path=/");

    assertThat(cookieSentTo("https://example.com/")).isEqualTo("s=1");
    assertThat(cookieSentTo("http://example.com:443/")).isNull();
  }

  @Test
  void longerPathsComeFirst() {
    learn("http://example.com/", "a=root; Path=/", "b=deep; Path=/app/x");

    assertThat(cookieSentTo("http://example.com/app/x/y")).isEqualTo("b=deep; a=root");
  }

  @Test
  void addsNothingToRequestsTheFilterDoesNotMatch() {
    StickyCookies onlyApi = new StickyCookies(f -> f.request().path().startsWith("/api"));
    HttpFlow response = TestFlows.answered(TestFlows.get("http://example.com/"), Response.builder().header("Set-Cookie", "s=1; Path=/").build());
    onlyApi.response(response);
    HttpFlow other = TestFlows.get("http://example.com/web");

    onlyApi.requestHeaders(other);

    assertThat(other.request().headers().contains("Cookie")).isFalse();
  }
}
