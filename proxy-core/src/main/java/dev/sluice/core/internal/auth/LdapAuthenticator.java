package dev.sluice.core.internal.auth;

import dev.sluice.core.hooks.ProxyAuthenticator;
import java.util.Hashtable;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks users against an LDAP directory with the JDK's JNDI, as mitmproxy's {@code ldap} spec
 * does: bind as the service account, search the subtree for {@code (key=user)}, then bind as the
 * entry found with the user's password. Blocking: the proxy calls it off the event loop.
 */
public final class LdapAuthenticator implements ProxyAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(LdapAuthenticator.class);
  private static final String SPEC_FORM = "ldap[s]:host[:port]:bind_dn:bind_password:subtree[?search_filter_key=attr]";
  private static final String TIMEOUT_MILLIS = "10000";

  private final String url;
  private final String bindDn;
  private final String bindPassword;
  private final String subtree;
  private final String filterKey;

  public LdapAuthenticator(String url, String bindDn, String bindPassword, String subtree, String filterKey) {
    this.url = url;
    this.bindDn = bindDn;
    this.bindPassword = bindPassword;
    this.subtree = subtree;
    this.filterKey = filterKey;
  }

  /** Parses mitmproxy's LDAP spec; the message never repeats the spec, which holds a password. */
  public static LdapAuthenticator parse(String spec) {
    String[] parts = spec.split(":", -1);
    boolean withPort = parts.length == 6;
    if (parts.length != 5 && !withPort) {
      throw new IllegalArgumentException("proxyauth: invalid LDAP specification, expected " + SPEC_FORM);
    }
    boolean ssl = parts[0].equals("ldaps");
    int port;
    try {
      port = withPort ? Integer.parseInt(parts[2]) : (ssl ? 636 : 389);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("proxyauth: invalid LDAP port \"" + parts[2] + "\", expected " + SPEC_FORM);
    }
    int next = withPort ? 3 : 2;
    String subtree = parts[next + 2];
    String key = "cn";
    int question = subtree.indexOf('?');
    if (question >= 0) {
      String query = subtree.substring(question + 1);
      subtree = subtree.substring(0, question);
      if (!query.startsWith("search_filter_key=") || query.length() == "search_filter_key=".length()) {
        throw new IllegalArgumentException("proxyauth: invalid LDAP query \"?" + query + "\", expected ?search_filter_key=attr");
      }
      key = query.substring("search_filter_key=".length());
    }
    if (parts[1].isEmpty() || subtree.isEmpty()) {
      throw new IllegalArgumentException("proxyauth: invalid LDAP specification, expected " + SPEC_FORM);
    }
    String url = (ssl ? "ldaps://" : "ldap://") + parts[1] + ":" + port;
    return new LdapAuthenticator(url, parts[next], parts[next + 1], subtree, key);
  }

  @Override
  public boolean authenticate(String user, String password) {
    if (user.isEmpty() || password.isEmpty()) {
      return false;
    }
    DirContext service = null;
    try {
      service = new InitialDirContext(environment(bindDn, bindPassword));
      SearchControls controls = new SearchControls();
      controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
      controls.setCountLimit(1);
      controls.setReturningAttributes(new String[0]);
      NamingEnumeration<SearchResult> results = service.search(subtree, "(" + filterKey + "={0})", new Object[] {user}, controls);
      if (!results.hasMore()) {
        return false;
      }
      String userDn = results.next().getNameInNamespace();
      results.close();
      new InitialDirContext(environment(userDn, password)).close();
      return true;
    } catch (AuthenticationException e) {
      return false;
    } catch (NamingException e) {
      LOG.warn("LDAP authentication against {} failed: {}", url, e.toString());
      return false;
    } finally {
      closeQuietly(service);
    }
  }

  @Override
  public boolean isBlocking() {
    return true;
  }

  private Hashtable<String, String> environment(String principal, String credentials) {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, url);
    env.put(Context.SECURITY_AUTHENTICATION, "simple");
    env.put(Context.SECURITY_PRINCIPAL, principal);
    env.put(Context.SECURITY_CREDENTIALS, credentials);
    env.put("com.sun.jndi.ldap.connect.timeout", TIMEOUT_MILLIS);
    env.put("com.sun.jndi.ldap.read.timeout", TIMEOUT_MILLIS);
    return env;
  }

  private static void closeQuietly(DirContext context) {
    if (context != null) {
      try {
        context.close();
      } catch (NamingException ignored) {
        // nothing left to release
      }
    }
  }
}
