package dev.sluice.bench.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.littleshoot.proxy.extras.SelfSignedMitmManager;
import org.littleshoot.proxy.impl.DefaultHttpProxyServer;

/**
 * Starts LittleProxy as proxy-bench/run.sh's Java peer: bound to 127.0.0.1 on the given port,
 * intercepting TLS with its own {@code SelfSignedMitmManager} (one self-signed RSA certificate,
 * {@code CN=littleproxy}, for every host; exported as {@code littleproxy_cert} in the given
 * directory), trusting any upstream certificate (the origin's is self-signed). Compiled against
 * LittleProxy only, run on its own class path.
 *
 * <pre>{@code
 * java -cp 'classes:lib/*' dev.sluice.bench.peers.LittleProxyPeer 8081 /tmp/littleproxy
 * }</pre>
 */
public final class LittleProxyPeer {

  private LittleProxyPeer() {}

  /** {@code args}: port, directory for the keystore and the exported certificate. Runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    String keystore = Path.of(args[1], "littleproxy_keystore.jks").toString();
    DefaultHttpProxyServer.bootstrap()
        .withAddress(new InetSocketAddress("127.0.0.1", port))
        .withManInTheMiddle(new SelfSignedMitmManager(keystore, true, false))
        .start();
    Thread.currentThread().join();
  }
}
