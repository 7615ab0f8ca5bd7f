package dev.sluice.core.internal.tls;

import dev.sluice.api.IssuedCertificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding exactly one minted leaf, offered for every server handshake whose key
 * type matches. Building a server context from it skips the PKCS#12 key store (and its PBKDF2
 * key encryption, tens of milliseconds per context) that a context built from a bare private key
 * goes through.
 */
final class LeafKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "leaf";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  LeafKeyManager(IssuedCertificate leaf) {
    this.key = leaf.privateKey();
    this.chain = leaf.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  /** {@code EC} or {@code RSA} as the key is; an RSA key also signs {@code RSASSA-PSS} handshakes. */
  private boolean matches(String keyType) {
    String algorithm = key.getAlgorithm();
    return algorithm.equalsIgnoreCase(keyType) || (algorithm.equals("RSA") && "RSASSA-PSS".equals(keyType));
  }
}
