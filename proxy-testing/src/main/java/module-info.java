/**
 * Test fixtures for hook writers: live flows in one line and a hook's events run on them, without
 * a proxy. A test dependency only.
 *
 * <pre>{@code
 * module my.hooks.test {
 *   requires dev.sluice.testing;
 * }
 * }</pre>
 */
module dev.sluice.testing {
  requires transitive dev.sluice.api;

  exports dev.sluice.testing;
}
