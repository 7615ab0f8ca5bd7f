package dev.sluice.replay;

import dev.sluice.api.Flow;
import java.io.IOException;
import java.util.List;

/**
 * A stored flow file that cannot be read (further): it names the file, the byte offset of the
 * first bad record and what is wrong, and says how many flows were read before it.
 *
 * <pre>{@code
 * try {
 *   List<Flow> flows = FlowReader.readAll(Path.of("session.mitm"));
 * } catch (FlowReadException e) {
 *   log.warn("{}: {} flows are fine, the record at byte {} is not", e.source(), e.flowsRead(), e.offset());
 *   List<Flow> usable = e.partialFlows();
 * }
 * }</pre>
 */
public final class FlowReadException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;
  private final int flowsRead;
  private final String problem;
  private final transient List<Flow> partialFlows;

  /**
   * A failure in {@code source} at byte {@code offset} ({@code -1} when the file has no
   * records, as a HAR document), after {@code flowsRead} good flows.
   */
  public FlowReadException(String source, long offset, int flowsRead, String problem, Throwable cause) {
    this(source, offset, flowsRead, List.of(), problem, cause);
  }

  private FlowReadException(String source, long offset, int flowsRead, List<Flow> partialFlows,
      String problem, Throwable cause) {
    super(source + ": " + (offset >= 0 ? "bad record at byte " + offset + " (after " + flowsRead
        + " good flow" + (flowsRead == 1 ? "" : "s") + "): " : "") + problem, cause);
    this.source = source;
    this.offset = offset;
    this.flowsRead = flowsRead;
    this.problem = problem;
    this.partialFlows = List.copyOf(partialFlows);
  }

  /** The same failure, carrying the flows read before it. */
  FlowReadException withPartialFlows(List<Flow> flows) {
    FlowReadException e = new FlowReadException(source, offset, flowsRead, flows, problem, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The file (or stream name) being read. */
  public String source() {
    return source;
  }

  /** The byte offset where the first bad record starts, or {@code -1} for a whole-document format. */
  public long offset() {
    return offset;
  }

  /** How many flows were read before the bad record. */
  public int flowsRead() {
    return flowsRead;
  }

  /**
   * The flows read before the bad record, when reading with {@link FlowReader#readAll()};
   * empty when streaming (the caller already has them).
   */
  public List<Flow> partialFlows() {
    return partialFlows == null ? List.of() : partialFlows;
  }
}
