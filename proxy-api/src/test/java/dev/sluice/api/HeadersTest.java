package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void fieldsKeepTheirWireOrderAndCase() {
    Headers headers = Headers.of("content-TYPE", "text/plain", "X-B", "b", "Accept", "*/*");

    assertThat(headers.fields()).containsExactly(
        new Headers.Field("content-TYPE", "text/plain"), new Headers.Field("X-B", "b"), new Headers.Field("Accept", "*/*"));
    assertThat(headers).hasToString("content-TYPE: text/plain\r\nX-B: b\r\nAccept: */*\r\n");
  }

  @Test
  void lookupsIgnoreCase() {
    Headers headers = Headers.of("Content-Type", "text/plain");

    assertThat(headers.get("content-type")).isEqualTo("text/plain");
    assertThat(headers.contains("CONTENT-TYPE")).isTrue();
    assertThat(headers.get("Content-Length")).isNull();
    assertThat(headers.getAll("Content-Length")).isEmpty();
  }

  @Test
  void repeatedFieldsStaySeparateFields() {
    Headers headers = Headers.create()
        .add("Set-Cookie", "a=1")
        .add("Via", "1.1 a")
        .add("set-cookie", "b=2");

    assertThat(headers.size()).isEqualTo(3);
    assertThat(headers.get("Set-Cookie")).isEqualTo("a=1");
    assertThat(headers.getAll("SET-COOKIE")).containsExactly("a=1", "b=2");
    assertThat(headers.names()).containsExactly("Set-Cookie", "Via");
  }

  @Test
  void setReplacesEveryFieldAtThePositionOfTheFirst() {
    Headers headers = Headers.of("A", "1", "X-Trace", "old", "B", "2", "x-trace", "older");

    headers.set("X-TRACE", "new");

    assertThat(headers).hasToString("A: 1\r\nX-TRACE: new\r\nB: 2\r\n");
  }

  @Test
  void setAppendsWhenTheNameIsAbsent() {
    Headers headers = Headers.of("A", "1").set("B", "2");

    assertThat(headers).hasToString("A: 1\r\nB: 2\r\n");
  }

  @Test
  void removeDropsEveryFieldOfTheNameAndSaysWhetherThereWasOne() {
    Headers headers = Headers.of("Via", "a", "Host", "h", "VIA", "b");

    assertThat(headers.remove("via")).isTrue();
    assertThat(headers.remove("via")).isFalse();
    assertThat(headers).hasToString("Host: h\r\n");
    headers.clear();
    assertThat(headers.isEmpty()).isTrue();
  }

  @Test
  void copyIsIndependentAndEqual() {
    Headers original = Headers.of("A", "1");
    Headers copy = original.copy();

    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    copy.add("B", "2");
    assertThat(original.size()).isEqualTo(1);
    assertThat(copy).isNotEqualTo(original);
  }

  @Test
  void headerBlockFollowsChanges() {
    Headers headers = Headers.of("A", "1");
    assertThat(headers).hasToString("A: 1\r\n");

    headers.set("A", "2");
    assertThat(headers).hasToString("A: 2\r\n");
    headers.remove("A");
    assertThat(headers).hasToString("");
  }

  @Test
  void invalidNameIsRejectedWithTheNameAndIndex() {
    assertThatThrownBy(() -> Headers.create().add("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name \"Bad Name\" has an invalid character at index 3");
    assertThatThrownBy(() -> Headers.create().add("", "v")).hasMessage("header name is empty");
    assertThatThrownBy(() -> Headers.create().add("X:Y", "v")).hasMessageContaining("\"X:Y\"");
  }

  @Test
  void valueWithLineBreakIsRejectedNamingTheHeader() {
    assertThatThrownBy(() -> Headers.create().add("X-Injected", "a\r\nEvil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value of header \"X-Injected\" has an invalid character (0xd) at index 1");
    assertThatThrownBy(() -> Headers.create().set("X", "nul\0"))
        .hasMessage("value of header \"X\" has an invalid character (0x0) at index 3");
    assertThatThrownBy(() -> Headers.create().add("X", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value of header X");
  }

  @Test
  void valueMayHoldTabsAndLatin1ButNotWiderCharacters() {
    Headers headers = Headers.of("X", "a\tb", "Y", "caf\u00e9");

    assertThat(headers.get("Y")).isEqualTo("caf\u00e9");
    assertThatThrownBy(() -> headers.add("Z", "\u20ac")).hasMessageContaining("(0x20ac) at index 0");
  }

  @Test
  void failedSetLeavesTheHeadersUnchanged() {
    Headers headers = Headers.of("X", "1");

    assertThatThrownBy(() -> headers.set("X", "bad\n")).isInstanceOf(IllegalArgumentException.class);
    assertThat(headers.get("X")).isEqualTo("1");
  }

  @Test
  void oddNumberOfNamesAndValuesIsRejected() {
    assertThatThrownBy(() -> Headers.of("A", "1", "B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namesAndValues: expected name/value pairs, got an odd count (3)");
  }

  @Test
  void fieldListCannotBeChangedFromOutside() {
    Headers headers = Headers.of("A", "1");

    assertThatThrownBy(() -> headers.fields().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.getAll("A").clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
