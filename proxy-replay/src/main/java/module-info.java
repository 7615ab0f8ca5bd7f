/**
 * Flow storage (mitmproxy dumps, HAR), the recorder, and server-side and client-side replay.
 *
 * <pre>{@code
 * module my.tests {
 *   requires dev.sluice.replay;
 * }
 * }</pre>
 */
module dev.sluice.replay {
  requires transitive dev.sluice.core;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.sluice.replay;
}
