package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpMessage;

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

  private final long cutoff;

  /**
   * Streams bodies larger than {@code cutoff} bytes.
   *
   * @throws IllegalArgumentException if {@code cutoff} is negative
   */
  public StreamLargeBodies(long cutoff) {
    if (cutoff < 0) {
      throw new IllegalArgumentException("cutoff: must be at least 0 bytes, got " + cutoff);
    }
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
}
