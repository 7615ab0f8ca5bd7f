package dev.sluice.core.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.CertificateRequest;
import dev.sluice.tls.CertificateAuthority;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerContextsTest {

  @ParameterizedTest
  @CsvSource({"ec, JDK", "rsa, JDK", "ec, OPENSSL", "rsa, OPENSSL"})
  void aMintedLeafCompletesAHandshakeWithAClientTrustingTheCa(String caKeys, SslProvider provider) throws Exception {
    assumeTrue(SslProvider.isAlpnSupported(provider), provider + " is available");
    CertificateAuthority ca = caKeys.equals("ec")
        ? CertificateAuthority.builder().ecdsaP256().build()
        : CertificateAuthority.builder().rsa(2048).build();
    ServerContexts contexts = new ServerContexts(ca, Runnable::run, provider);
    CertificateRequest request = new CertificateRequest(List.of("shop.example"), "shop.example", null);

    SslContext context = contexts.get(request, List.of("http/1.1"), ImmediateEventExecutor.INSTANCE).get(10, TimeUnit.SECONDS);
    SSLEngine server = context.newEngine(ByteBufAllocator.DEFAULT);
    SSLEngine client = ca.sslContext().createSSLEngine("shop.example", 443);
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    client.setSSLParameters(parameters);
    handshake(client, server);

    X509Certificate leaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
    assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=shop.example");
    assertThatCode(() -> leaf.verify(ca.certificate().getPublicKey())).doesNotThrowAnyException();
    assertThat(client.getApplicationProtocol()).isEqualTo("http/1.1");
    assertThat(contexts.get(request, List.of("http/1.1"), ImmediateEventExecutor.INSTANCE).getNow()).isSameAs(context);
  }

  private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
    ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
    ByteBuffer scratch = ByteBuffer.allocate(Math.max(client.getSession().getApplicationBufferSize(),
        server.getSession().getApplicationBufferSize()));
    client.beginHandshake();
    server.beginHandshake();
    for (int round = 0; round < 100 && !(done(client) && done(server)); round++) {
      step(client, toServer, toClient, scratch);
      step(server, toClient, toServer, scratch);
    }
    assertThat(done(client) && done(server)).as("handshake finished").isTrue();
  }

  private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer scratch) throws SSLException {
    switch (engine.getHandshakeStatus()) {
      case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        in.flip();
        scratch.clear();
        engine.unwrap(in, scratch);
        in.compact();
      }
      case NEED_TASK -> {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
          task.run();
        }
      }
      default -> { }
    }
  }

  private static boolean done(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
  }
}
