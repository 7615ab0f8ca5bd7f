/**
 * The proxy: {@code ProxyServer} and its builder, the Netty engine, and the feature hooks.
 *
 * <pre>{@code
 * module my.tests {
 *   requires dev.sluice.core;
 * }
 * }</pre>
 */
module dev.sluice.core {
  requires transitive dev.sluice.api;
  requires transitive dev.sluice.tls;
  requires com.aayushatharva.brotli4j;
  requires com.github.luben.zstd_jni;
  requires com.google.common;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.codec.http2;
  requires io.netty.codec.socks;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires java.management;
  requires java.naming;
  requires jdk.management;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports dev.sluice.core;
  exports dev.sluice.core.hooks;
  exports dev.sluice.core.options;

  provides dev.sluice.api.ContentCodec with
      dev.sluice.core.internal.codec.BrotliCodec,
      dev.sluice.core.internal.codec.ZstdCodec;
}
