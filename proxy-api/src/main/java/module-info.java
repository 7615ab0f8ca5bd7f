/**
 * Sluice's model and extension points: flows, messages, hooks and the filter language. JDK only.
 *
 * <pre>{@code
 * module my.hooks {
 *   requires dev.sluice.api;
 * }
 * }</pre>
 */
module dev.sluice.api {
  exports dev.sluice.api;
  // For Sluice's own modules only: what the engine, the replayers and the test fixture may do to a
  // live flow (FlowAccess), and helpers every module shares (Hosts, Chars).
  exports dev.sluice.api.internal to dev.sluice.core, dev.sluice.replay, dev.sluice.junit5, dev.sluice.testing,
      dev.sluice.web, dev.sluice.cli;

  uses dev.sluice.api.ContentCodec;
}
