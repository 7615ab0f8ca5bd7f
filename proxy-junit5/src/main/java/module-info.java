/**
 * The JUnit 5 extension: {@code @Sluice}, {@code SluiceExtension}, the flow log, {@code @Cassette}
 * and {@code ProxyClients}.
 *
 * <pre>{@code
 * module my.tests {
 *   requires dev.sluice.junit5;
 * }
 * }</pre>
 */
module dev.sluice.junit5 {
  requires transitive dev.sluice.core;
  requires transitive dev.sluice.replay;
  requires dev.sluice.web;
  requires transitive java.net.http;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;

  exports dev.sluice.junit5;
}
