package dev.sluice.replay.internal.tnetstring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TNetStringPropertiesTest {

  @Property(tries = 300)
  void everyValueReadsBackAsWritten(@ForAll("values") Object value) throws Exception {
    byte[] encoded = TNetStringWriter.encode(value);
    TNetStringReader reader = new TNetStringReader(new ByteArrayInputStream(encoded));

    Object decoded = reader.read();

    assertThat(TNetStringWriter.encode(decoded)).isEqualTo(encoded);
    assertThat(normalise(decoded)).isEqualTo(normalise(value));
    assertThat(reader.read()).isSameAs(TNetStringReader.END);
    assertThat(reader.offset()).isEqualTo(encoded.length);
  }

  @Property(tries = 200)
  void consecutiveValuesAreReadOneAtATimeWithTheirOffsets(@ForAll("values") Object first,
      @ForAll("values") Object second) throws Exception {
    byte[] a = TNetStringWriter.encode(first);
    byte[] b = TNetStringWriter.encode(second);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(a);
    both.writeBytes(b);
    TNetStringReader reader = new TNetStringReader(new ByteArrayInputStream(both.toByteArray()));

    assertThat(normalise(reader.read())).isEqualTo(normalise(first));
    assertThat(normalise(reader.read())).isEqualTo(normalise(second));
    assertThat(reader.recordOffset()).isEqualTo(a.length);
  }

  @Property(tries = 200)
  void anyTruncationIsReportedAtTheStartOfTheValueNeverAsAnotherError(@ForAll("values") Object value,
      @ForAll double cut) throws Exception {
    byte[] encoded = TNetStringWriter.encode(value);
    int length = (int) (Math.abs(cut) % 1 * encoded.length);
    if (length == 0) {
      return;
    }
    TNetStringReader reader = new TNetStringReader(new ByteArrayInputStream(Arrays.copyOf(encoded, length)));

    assertThatThrownBy(reader::read).isInstanceOf(TNetStringException.class);
    assertThat(reader.recordOffset()).isZero();
  }

  @Example
  void mitmproxysExamplesDecode() throws Exception {
    assertThat(read("11:hello world,")).isEqualTo("hello world".getBytes(StandardCharsets.UTF_8));
    assertThat(read("5:12345#")).isEqualTo(12345L);
    assertThat(read("19:5:12345#4:true!1:0#]")).isEqualTo(List.of(12345L, true, 0L));
    assertThat(read("0:~")).isNull();
    assertThat(read("14:7:version;1:0#}")).isEqualTo(Map.of("version", 0L));
  }

  @Example
  void malformedInputIsRefusedWithItsPosition() {
    for (String bad : List.of("x", "5:hello", "3:abc#", "4:maybe!", "1:x~", "3:1:a}", "2:ab?", "1234567890123:")) {
      assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(TNetStringException.class)
          .hasMessageStartingWith("not a tnetstring: ").hasMessageContaining("(at byte ");
    }
  }

  private static Object read(String s) throws Exception {
    return new TNetStringReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII))).read();
  }

  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.recursive(TNetStringPropertiesTest::leaves, inner -> Arbitraries.oneOf(
        inner,
        inner.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), inner).ofMaxSize(4)
            .map(m -> (Object) new LinkedHashMap<>(m))), 0, 3);
  }

  private static Arbitrary<Object> leaves() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(true, false),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.bigIntegers().between(BigInteger.TWO.pow(64), BigInteger.TWO.pow(100)).map(b -> (Object) b),
        Arbitraries.doubles().filter(d -> !d.equals(-0.0)).map(d -> (Object) d),
        Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(b -> (Object) b));
  }

  /** Byte arrays as lists, so values compare by content. */
  private static Object normalise(Object value) {
    if (value instanceof byte[] bytes) {
      List<Byte> list = new ArrayList<>();
      for (byte b : bytes) {
        list.add(b);
      }
      return List.of("bytes", list);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(TNetStringPropertiesTest::normalise).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, normalise(v)));
      return copy;
    }
    return value;
  }
}
