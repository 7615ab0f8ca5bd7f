package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpMessage;
import dev.sluice.core.options.Option;
import java.util.List;

/**
 * mitmproxy's {@code stream_large_bodies}: a request or response whose body is larger than the
 * cutoff is streamed instead of aggregated, so the proxy never holds it whole. The hook sets
 * {@link HttpMessage#setStreamAfter(long)} in the headers events: a {@code Content-Length} over
 * the cutoff streams the body from right after its headers event; a body without one (chunked, or
 * read until close) is streamed as soon as the buffered part crosses the cutoff, and what was
 * buffered goes out first. Streamed flows still reach the {@code request} and {@code response}
 * events, marked {@linkplain HttpMessage#isStreamed() streamed} and without a body.
 *
 * <pre>{@code
 * ProxyServer.builder().hook(new StreamLargeBodies(1 << 20)).start();   // or .streamLargeBodies(1 << 20)
 * }</pre>
 */
public final class StreamLargeBodies implements FlowHook {

  /** mitmproxy's {@code stream_large_bodies} option: when set, this hook with that cutoff; none by default. */
  public static final Option<Long> STREAM_LARGE_BODIES = Option.size("stream_large_bodies")
      .optional()
      .help("Stream request and response bodies larger than this size instead of holding them in memory; "
          + "hooks then see them without a body.")
      .check(StreamLargeBodies::checkCutoff)
      .configures((builder, cutoff) -> {
        if (cutoff != null) {
          builder.hook(new StreamLargeBodies(cutoff));
        }
      })
      .build();

  /** The options of this hook: {@link #STREAM_LARGE_BODIES}. */
  public static final List<Option<?>> OPTIONS = List.of(STREAM_LARGE_BODIES);

  private final long cutoff;

  /**
   * Streams bodies larger than {@code cutoff} bytes.
   *
   * @throws IllegalArgumentException if {@code cutoff} is negative
   */
  public StreamLargeBodies(long cutoff) {
    checkCutoff(cutoff);
    this.cutoff = cutoff;
  }

  /** The size in bytes past which bodies are streamed. */
  public long cutoff() {
    return cutoff;
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    flow.request().setStreamAfter(cutoff);
  }

  @Override
  public void responseHeaders(HttpFlow flow) {
    flow.response().setStreamAfter(cutoff);
  }

  @Override
  public String name() {
    return "stream_large_bodies";
  }

  private static void checkCutoff(long cutoff) {
    if (cutoff < 0) {
      throw new IllegalArgumentException("cutoff: must be at least 0 bytes, got " + cutoff);
    }
  }
}
