package dev.sluice.core.internal.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieRulesTest {

  @Provide
  Arbitrary<String> segment() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
  }

  @Property
  void aPathMatchesEveryPathBelowIt(@ForAll("segment") String a, @ForAll("segment") String b) {
    assertThat(CookieJar.pathMatches("/" + a + "/" + b, "/" + a)).isTrue();
    assertThat(CookieJar.pathMatches("/" + a + "/" + b, "/" + a + "/")).isTrue();
    assertThat(CookieJar.pathMatches("/" + a, "/" + a)).isTrue();
  }

  @Property
  void aPathNeverMatchesALongerSegmentWithTheSamePrefix(@ForAll("segment") String a, @ForAll("segment") String b) {
    assertThat(CookieJar.pathMatches("/" + a + b, "/" + a)).isFalse();
  }

  @Property
  void aDomainMatchesItsSubdomainsButNotLookalikes(@ForAll("segment") String sub, @ForAll("segment") String name) {
    String domain = name + ".com";
    assertThat(CookieJar.domainMatches(sub + "." + domain, domain)).isTrue();
    assertThat(CookieJar.domainMatches(sub + domain, domain)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4", "::1"})
  void ipAddressesMatchOnlyThemselves(String ip) {
    assertThat(CookieJar.domainMatches(ip, ip)).isTrue();
    assertThat(CookieJar.domainMatches("5." + ip, ip)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      "'Wed, 09 Jun 2021 10:18:14 GMT', 2021-06-09T10:18:14Z",
      "'Wednesday, 09-Jun-21 10:18:14 GMT', 2021-06-09T10:18:14Z",
      "'Wed Jun  9 10:18:14 2021', 2021-06-09T10:18:14Z",
      "'Wed, 09-Jun-2021 10:18:14 GMT', 2021-06-09T10:18:14Z",
      "'Thu, 01 Jan 1970 00:00:00 GMT', 1970-01-01T00:00:00Z"})
  void readsTheDateFormatsSeenInTheWild(String text, String expected) {
    assertThat(CookieDate.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tomorrow", "Wed, 32 Jun 2021 10:18:14 GMT", "Wed, 09 Jun 2021 25:00:00 GMT", "09 Jun 2021"})
  void rejectsWhatIsNotACookieDate(String text) {
    assertThat(CookieDate.parse(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"/, /", "/a, /", "/a/b, /a", "/a/b/, /a/b", "'', /"})
  void defaultPathIsTheRequestDirectory(String requestPath, String expected) {
    assertThat(CookieJar.defaultPath(requestPath)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"noequals", "=value", "; Path=/"})
  void skipsCookiesWithoutAName(String header) {
    assertThat(SetCookie.parseAll(header)).isEmpty();
  }
}
