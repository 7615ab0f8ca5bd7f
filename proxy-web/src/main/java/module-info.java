/**
 * The flow viewer: {@code WebView}, a live web page of a running proxy's flows, and
 * {@code FlowReport}, the same page as one self-contained HTML file.
 *
 * <pre>{@code
 * module my.tool {
 *   requires dev.sluice.web;
 * }
 * }</pre>
 */
module dev.sluice.web {
  requires transitive dev.sluice.core;
  requires dev.sluice.replay;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.transport;
  requires org.slf4j;

  exports dev.sluice.web;
}
