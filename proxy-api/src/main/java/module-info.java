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
  // What only the engine, the replayers and the test fixture may do to a live flow (FlowAccess).
  exports dev.sluice.api.internal to dev.sluice.core, dev.sluice.replay, dev.sluice.junit5, dev.sluice.testing;

  uses dev.sluice.api.ContentCodec;
}
