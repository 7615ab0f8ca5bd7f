package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.core.internal.EngineFault;
import dev.sluice.core.internal.FlowControls;
import dev.sluice.core.options.Option;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Broken servers and networks (Sluice only): each spec {@code [/filter]/fault[/probability%]} plays
 * {@code fault} on the flows it picks; the first spec that picks a flow wins. The faults:
 * <ul>
 *   <li>{@code reset}: the client connection is reset (TCP RST), no response;
 *   <li>{@code close}: the client connection closes with no response;
 *   <li>{@code garbage}: random bytes instead of a response, then the connection closes;
 *   <li>{@code status:CODE}: the proxy answers {@code CODE} itself, the upstream untouched;
 *   <li>{@code malformed_chunk}: the upstream's response head, then a malformed chunk, then the connection closes;
 *   <li>{@code drop_upstream}: part of the upstream's body, then the upstream connection is dropped
 *       and the client's closes, the body cut short.
 * </ul>
 * The first four are played before the request goes upstream (the filter sees the request), the
 * last two on the upstream's response head (the filter sees the response too). The flow fails as
 * {@code KILLED}, its error naming the fault ({@code status} excepted: that flow succeeds).
 *
 * <pre>{@code
 * ProxyServer.builder().faults("/~d payments.test/status:503/10%").start();   // one request in ten
 * ProxyServer.builder().hook(Faults.of("/~u /upload/reset")).start();
 * }</pre>
 */
public final class Faults implements FlowHook {

  /** {@code faults} (Sluice only): when not empty, one hook with all its specs; empty by default. */
  public static final Option<List<ChaosSpec<Fault>>> FAULTS = Option.sequence("faults", Faults::spec)
      .help("Inject faults: [/filter]/fault[/probability%], fault one of reset, close, garbage, status:CODE, "
          + "malformed_chunk, drop_upstream.")
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(Faults.of(specs, new Random()));
        }
      })
      .build();

  /** The options of this hook: {@link #FAULTS}. */
  public static final List<Option<?>> OPTIONS = List.of(FAULTS);

  /** One fault: its kind and, for {@link Kind#STATUS}, the status code. */
  public record Fault(Kind kind, int status) {

    /** The faults there are. */
    public enum Kind {
      /** The client connection is reset. */
      RESET,
      /** The client connection closes with no response. */
      CLOSE,
      /** Random bytes, then the connection closes. */
      GARBAGE,
      /** The proxy answers a status. */
      STATUS,
      /** The response head, then a malformed chunk. */
      MALFORMED_CHUNK,
      /** Part of the body, then the upstream connection is dropped. */
      DROP_UPSTREAM
    }

    /** Parses {@code reset}, {@code close}, {@code garbage}, {@code status:CODE}, {@code malformed_chunk} or {@code drop_upstream}. */
    public static Fault parse(String text) {
      if (text.startsWith("status:")) {
        int code;
        try {
          code = Integer.parseInt(text.substring(7).trim());
        } catch (NumberFormatException e) {
          code = -1;
        }
        if (code < 200 || code > 599) {
          throw new IllegalArgumentException("not a status code (200-599) in \"" + text + "\"");
        }
        return new Fault(Kind.STATUS, code);
      }
      try {
        Kind kind = Kind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        if (kind != Kind.STATUS) {
          return new Fault(kind, 0);
        }
      } catch (IllegalArgumentException e) {
        // named below
      }
      throw new IllegalArgumentException("unknown fault \"" + text + "\" (expected reset, close, garbage, "
          + "status:CODE, malformed_chunk or drop_upstream)");
    }

    /** Whether the fault is played on the upstream's response head, not before the request goes upstream. */
    boolean onResponse() {
      return kind == Kind.MALFORMED_CHUNK || kind == Kind.DROP_UPSTREAM;
    }

    @Override
    public String toString() {
      return kind == Kind.STATUS ? "status:" + status : kind.name().toLowerCase(Locale.ROOT);
    }
  }

  private final List<ChaosSpec<Fault>> specs;
  private final Random random;

  private Faults(List<ChaosSpec<Fault>> specs, Random random) {
    this.specs = List.copyOf(specs);
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A hook for the given specs, with {@code random} for probabilities (seed it in tests). */
  public static Faults of(List<ChaosSpec<Fault>> specs, Random random) {
    return new Faults(specs, random);
  }

  /** A hook for the given spec strings. */
  public static Faults of(String... specs) {
    return new Faults(Arrays.stream(specs).map(Faults::spec).toList(), new Random());
  }

  /** Parses one spec. */
  public static ChaosSpec<Fault> spec(String text) {
    return ChaosSpec.parse(text, Fault::parse);
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.error() != null) {
      return;
    }
    for (ChaosSpec<Fault> spec : specs) {
      if (spec.action().onResponse() || !spec.picks(flow, random)) {
        continue;
      }
      Fault fault = spec.action();
      switch (fault.kind()) {
        case RESET -> flow.setAttribute(FlowControls.FAULT, EngineFault.RESET);
        case GARBAGE -> flow.setAttribute(FlowControls.FAULT, EngineFault.GARBAGE);
        case CLOSE -> flow.kill();
        default -> flow.respond(Response.of(fault.status(), "text/plain",
            "Sluice injected status " + fault.status() + " (fault spec " + spec + ")\n"));
      }
      return;
    }
  }

  @Override
  public void responseHeaders(HttpFlow flow) {
    if (flow.error() != null || flow.response().source() != ResponseSource.UPSTREAM) {
      return;
    }
    for (ChaosSpec<Fault> spec : specs) {
      if (!spec.action().onResponse() || !spec.picks(flow, random)) {
        continue;
      }
      flow.response().setStreamed(true);
      if (spec.action().kind() == Fault.Kind.MALFORMED_CHUNK) {
        // chunked framing towards the client, whatever the upstream declared
        flow.response().headers().remove("Content-Length");
        flow.setAttribute(FlowControls.FAULT, EngineFault.MALFORMED_CHUNK);
      } else {
        flow.setAttribute(FlowControls.FAULT, EngineFault.DROP_UPSTREAM);
      }
      return;
    }
  }

  @Override
  public String name() {
    return "faults";
  }
}
