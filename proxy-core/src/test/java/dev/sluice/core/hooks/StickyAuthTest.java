package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.HttpFlow;
import dev.sluice.testing.TestFlows;
import org.junit.jupiter.api.Test;

class StickyAuthTest {

  private final StickyAuth sticky = new StickyAuth(FlowFilter.all());

  @Test
  void addsTheLastAuthorizationSentToTheSameHost() {
    sticky.requestHeaders(TestFlows.get("http://api.example.com/login", "Authorization", "Basic old"));
    sticky.requestHeaders(TestFlows.get("http://api.example.com/login", "Authorization", "Bearer new"));
    HttpFlow later = TestFlows.get("http://api.example.com/data");

    sticky.requestHeaders(later);

    assertThat(later.request().headers().get("Authorization")).isEqualTo("Bearer new");
  }

  @Test
  void neverSendsOneHostsCredentialsToAnother() {
    sticky.requestHeaders(TestFlows.get("http://api.example.com/", "Authorization", "Bearer t"));
    HttpFlow other = TestFlows.get("http://evil.example.org/");

    sticky.requestHeaders(other);

    assertThat(other.request().headers().contains("Authorization")).isFalse();
  }

  @Test
  void keepsTheClientsOwnAuthorization() {
    sticky.requestHeaders(TestFlows.get("http://api.example.com/", "Authorization", "Bearer first"));
    HttpFlow own = TestFlows.get("http://api.example.com/", "Authorization", "Bearer mine");

    sticky.requestHeaders(own);

    assertThat(own.request().headers().getAll("Authorization")).containsExactly("Bearer mine");
  }

  @Test
  void addsNothingToRequestsTheFilterDoesNotMatch() {
    StickyAuth onlyData = new StickyAuth(f -> f.request().path().startsWith("/data"));
    onlyData.requestHeaders(TestFlows.get("http://api.example.com/login", "Authorization", "Bearer t"));
    HttpFlow other = TestFlows.get("http://api.example.com/other");

    onlyData.requestHeaders(other);

    assertThat(other.request().headers().contains("Authorization")).isFalse();
  }
}
