package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyAuthenticatorTest {

  @TempDir
  Path dir;

  @Test
  void aSingleUserSpecKeepsColonsInThePassword() {
    ProxyAuthenticator auth = ProxyAuthenticator.parse("ada:pa:ss:word");

    assertThat(auth.authenticate("ada", "pa:ss:word")).isTrue();
    assertThat(auth.authenticate("ada", "pa")).isFalse();
    assertThat(auth.authenticate("bob", "pa:ss:word")).isFalse();
    assertThat(auth.isBlocking()).isFalse();
  }

  @Test
  void anyAcceptsEveryone() {
    assertThat(ProxyAuthenticator.parse("any").authenticate("x", "y")).isTrue();
  }

  @Test
  void aSpecThatIsNoneOfTheFormsIsRejectedWithTheFormsListed() {
    assertThatThrownBy(() -> ProxyAuthenticator.parse("justauser"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user:pass, any, @htpasswd-file");
  }

  @Test
  void htpasswdChecksBcryptOfEveryVariantAndSha() throws Exception {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    String sha = "{SHA}" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-1").digest("shapw".getBytes(StandardCharsets.UTF_8)));
    Path file = dir.resolve("htpasswd");
    Files.writeString(file, String.join("\n",
        "# users",
        "a2a:" + OpenBSDBCrypt.generate("2a", "pw-a".toCharArray(), salt, 4),
        "a2b:" + OpenBSDBCrypt.generate("2b", "pw-b".toCharArray(), salt, 4),
        "a2y:" + OpenBSDBCrypt.generate("2y", "pw-y".toCharArray(), salt, 4),
        "sha:" + sha, ""));

    ProxyAuthenticator auth = ProxyAuthenticator.parse("@" + file);

    assertThat(auth.authenticate("a2a", "pw-a")).isTrue();
    assertThat(auth.authenticate("a2b", "pw-b")).isTrue();
    assertThat(auth.authenticate("a2y", "pw-y")).isTrue();
    assertThat(auth.authenticate("a2y", "pw-y")).as("remembered").isTrue();
    assertThat(auth.authenticate("sha", "shapw")).isTrue();
    assertThat(auth.authenticate("a2a", "wrong")).isFalse();
    assertThat(auth.authenticate("sha", "wrong")).isFalse();
    assertThat(auth.authenticate("nobody", "pw-a")).isFalse();
    assertThat(auth.isBlocking()).isTrue();
  }

  @Test
  void anUnsupportedHashIsRejectedNamingTheFileAndLine() throws Exception {
    Path file = dir.resolve("htpasswd");
    Files.writeString(file, "ok:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\nold:$apr1$abc$def\n");

    assertThatThrownBy(() -> ProxyAuthenticator.htpasswd(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " line 2")
        .hasMessageContaining("unsupported hash");
  }

  @Test
  void aMissingHtpasswdFileIsRejectedNamingIt() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> ProxyAuthenticator.parse("@" + missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void ldapBindsAsTheUserFoundInTheSubtree() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    config.addAdditionalBindCredentials("cn=admin,dc=example,dc=com", "adminpw");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("default", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer ldap = new InMemoryDirectoryServer(config);
    ldap.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
    ldap.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
    ldap.add("dn: cn=ada,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "cn: ada", "sn: Lovelace",
        "uid: alovelace", "userPassword: engine");
    ldap.startListening();
    try {
      int port = ldap.getListenPort();
      ProxyAuthenticator byCn = ProxyAuthenticator.parse(
          "ldap:127.0.0.1:" + port + ":cn=admin,dc=example,dc=com:adminpw:ou=people,dc=example,dc=com");
      ProxyAuthenticator byUid = ProxyAuthenticator.parse(
          "ldap:127.0.0.1:" + port + ":cn=admin,dc=example,dc=com:adminpw:ou=people,dc=example,dc=com?search_filter_key=uid");

      assertThat(byCn.authenticate("ada", "engine")).isTrue();
      assertThat(byCn.authenticate("ada", "wrong")).isFalse();
      assertThat(byCn.authenticate("ada", "")).isFalse();
      assertThat(byCn.authenticate("nobody", "engine")).isFalse();
      assertThat(byCn.authenticate("*", "engine")).as("filter characters are escaped").isFalse();
      assertThat(byUid.authenticate("alovelace", "engine")).isTrue();
      assertThat(byCn.isBlocking()).isTrue();
    } finally {
      ldap.shutDown(true);
    }
  }

  @Test
  void anInvalidLdapSpecIsRejectedWithoutRepeatingThePassword() {
    assertThatThrownBy(() -> ProxyAuthenticator.parse("ldap:host:cn=admin:secretpw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ldap[s]:host[:port]")
        .hasMessageNotContaining("secretpw");
    assertThatThrownBy(() -> ProxyAuthenticator.parse("ldap:host:cn=a:pw:dc=x?bogus=1"))
        .hasMessageContaining("search_filter_key");
  }
}
