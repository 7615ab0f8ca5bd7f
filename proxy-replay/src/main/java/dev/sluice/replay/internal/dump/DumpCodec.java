package dev.sluice.replay.internal.dump;

import dev.sluice.api.Flow;
import dev.sluice.replay.internal.tnetstring.TNetStringWriter;
import java.util.Map;
import java.util.Set;

/**
 * One record of a mitmproxy dump, both ways: decoding migrates the state of any format
 * mitmproxy reads and maps it to the model; encoding writes format {@value FlowStateEncoder#VERSION}.
 * A decoder instance belongs to one file (the migrations keep state across its flows).
 *
 * <pre>{@code
 * DumpCodec codec = new DumpCodec();
 * Flow flow = codec.decode(reader.read());   // null for a TCP, UDP or DNS flow
 * byte[] record = DumpCodec.encode(flow);
 * }</pre>
 */
public final class DumpCodec {

  /** Flow types mitmproxy writes that are not HTTP; readers skip them. */
  private static final Set<String> OTHER_TYPES = Set.of("tcp", "udp", "dns");

  private final FlowMigrations migrations = new FlowMigrations();

  /** The format version this codec writes. */
  public static int writtenVersion() {
    return FlowStateEncoder.VERSION;
  }

  /**
   * The flow in {@code record}, or {@code null} for a TCP, UDP or DNS flow.
   *
   * @throws IllegalArgumentException saying what is wrong with the record
   */
  @SuppressWarnings("unchecked")
  public Flow decode(Object record) {
    if (!(record instanceof Map)) {
      throw new IllegalArgumentException("the record is not a dictionary but " + describe(record));
    }
    Map<String, Object> state = migrations.migrate((Map<String, Object>) record);
    String type = StateValues.text(state.get("type"));
    if (type != null && OTHER_TYPES.contains(type)) {
      return null;
    }
    if (!"http".equals(type)) {
      throw new IllegalArgumentException("unknown flow type " + type);
    }
    return FlowStateDecoder.decode(state);
  }

  /** The type of a record that {@link #decode} skipped, for messages. */
  public static String typeOf(Object record) {
    return record instanceof Map<?, ?> m ? StateValues.text(m.get("type")) : null;
  }

  /** The record for {@code flow}. */
  public static byte[] encode(Flow flow) {
    return TNetStringWriter.encode(FlowStateEncoder.encode(flow));
  }

  private static String describe(Object record) {
    return record == null ? "null" : record.getClass().getSimpleName();
  }
}
