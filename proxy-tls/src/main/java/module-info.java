/**
 * Sluice's certificate authority: create, load and save a CA, mint leaf certificates, and hand
 * clients the trust material.
 *
 * <pre>{@code
 * module my.tests {
 *   requires dev.sluice.tls;
 * }
 * }</pre>
 */
module dev.sluice.tls {
  requires transitive dev.sluice.api;
  requires com.google.common;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.slf4j;

  exports dev.sluice.tls;
}
