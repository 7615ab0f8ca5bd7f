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

  uses dev.sluice.api.ContentCodec;
}
