package dev.sluice.tls.internal;

import dev.sluice.api.IssuedCertificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager presenting one certificate, as a server or as a client whose server asks for one
 * (whatever issuers the server names, as OpenSSL presents a configured certificate): no key
 * store, so no password-based encryption of the key each time one is built.
 */
public final class LeafKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "leaf";

  private final IssuedCertificate leaf;

  /** Presents {@code leaf} in every handshake whose key type matches its key. */
  public LeafKeyManager(IssuedCertificate leaf) {
    this.leaf = leaf;
  }

  private String aliasFor(String keyType) {
    // JSSE asks for "EC", "RSA", "RSASSA-PSS", or for TLS 1.2 "EC_EC" / "EC_RSA" (key_signer).
    String keyAlgorithm = keyType == null ? null : keyType.split("_", 2)[0];
    return leaf.privateKey().getAlgorithm().equals(keyAlgorithm) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? leaf.chain().toArray(X509Certificate[]::new) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? leaf.privateKey() : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return anyAliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return anyAliasFor(keyTypes);
  }

  private String anyAliasFor(String[] keyTypes) {
    if (keyTypes == null) {
      return null;
    }
    for (String keyType : keyTypes) {
      if (aliasFor(keyType) != null) {
        return ALIAS;
      }
    }
    return null;
  }
}
