package dev.sluice.core.hooks;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowAttribute;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import dev.sluice.api.Socks5Auth;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.options.Option;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mitmproxy's {@code proxyauth}: HTTP Basic authentication in front of the proxy.
 *
 * <p>As a forward proxy (regular and upstream modes) it reads {@code Proxy-Authorization} and
 * answers {@code 407} with {@code Proxy-Authenticate}; as a reverse proxy it reads
 * {@code Authorization} and answers {@code 401} with {@code WWW-Authenticate}. It checks
 * {@code CONNECT} (the whole tunnel is then authenticated) and every plain request; in SOCKS5
 * mode it checks the user name and password of the SOCKS5 handshake (RFC 1929), and the requests
 * in the tunnel are then authenticated. On success
 * the credential header is removed before any later hook or the upstream sees it, and the user
 * name is kept in the flow attribute {@link #USER}. A malformed header counts as missing;
 * replayed flows are exempt. The {@link #PROXYAUTH} option adds this hook in
 * {@link HookPhase#AUTHENTICATION}, before every hook of the later phases.
 *
 * <pre>{@code
 * ProxyServer.builder().proxyAuth("ada:s3cret").start();     // the option: the mode's kind of check
 * ProxyServer.builder()
 *     .hook(HookPhase.AUTHENTICATION, ProxyAuth.forProxy(ProxyAuthenticator.parse("ada:s3cret")))
 *     .start();
 * }</pre>
 */
public final class ProxyAuth implements FlowHook {

  /**
   * mitmproxy's {@code proxyauth} option: when set, this hook with that authenticator, in
   * {@link HookPhase#AUTHENTICATION}, for a reverse proxy in reverse mode and a forward proxy
   * otherwise; none by default.
   */
  public static final Option<ProxyAuthenticator> PROXYAUTH = Option.of("proxyauth", "str", ProxyAuthenticator::parse)
      .optional()
      .help("Require HTTP Basic proxy authentication (in socks5 mode: a SOCKS5 user name and password): user:pass, "
          + "any (any credentials), @path to an htpasswd file, or ldap[s]:host[:port]:bind_dn:bind_password:subtree.")
      .configures((builder, authenticator) -> {
        if (authenticator != null) {
          builder.hook(HookPhase.AUTHENTICATION, builder.get(EngineOptions.MODE).kind() == ProxyMode.Kind.REVERSE
              ? forReverseProxy(authenticator) : forProxy(authenticator));
        }
      })
      .build();

  /** The options of this hook: {@link #PROXYAUTH}. */
  public static final List<Option<?>> OPTIONS = List.of(PROXYAUTH);

  /** The authenticated user name of a flow. */
  public static final FlowAttribute<String> USER = FlowAttribute.of("proxyauth.user", String.class);

  private static final String REALM = "sluice";

  private final ProxyAuthenticator authenticator;
  private final boolean reverse;
  private final Map<String, String> tunnels = new ConcurrentHashMap<>();

  private ProxyAuth(ProxyAuthenticator authenticator, boolean reverse) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.reverse = reverse;
  }

  /** For a forward proxy (regular or upstream mode): {@code Proxy-Authorization}, 407. */
  public static ProxyAuth forProxy(ProxyAuthenticator authenticator) {
    return new ProxyAuth(authenticator, false);
  }

  /** For a reverse proxy: {@code Authorization}, 401. */
  public static ProxyAuth forReverseProxy(ProxyAuthenticator authenticator) {
    return new ProxyAuth(authenticator, true);
  }

  @Override
  public void socks5Auth(Socks5Auth auth) {
    if (authenticator.authenticate(auth.user(), auth.password())) {
      auth.accept();
      tunnels.put(auth.client().id(), auth.user());
    }
  }

  @Override
  public void httpConnect(HttpFlow flow) {
    String user = authenticate(flow);
    if (user != null) {
      tunnels.put(flow.client().id(), user);
    }
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    String tunnelUser = tunnels.get(flow.client().id());
    if (tunnelUser != null) {
      flow.setAttribute(USER, tunnelUser);
    } else if (!flow.isReplay()) {
      authenticate(flow);
    }
  }

  @Override
  public void clientDisconnected(ClientConnection client) {
    tunnels.remove(client.id());
  }

  @Override
  public boolean isBlocking() {
    return authenticator.isBlocking();
  }

  @Override
  public String name() {
    return "proxyauth";
  }

  /** The user name when the flow carries valid credentials (the header is then removed), else answers 401/407. */
  private String authenticate(HttpFlow flow) {
    String header = reverse ? "Authorization" : "Proxy-Authorization";
    String[] credentials = parseBasic(flow.request().headers().get(header));
    if (credentials != null && authenticator.authenticate(credentials[0], credentials[1])) {
      flow.request().headers().remove(header);
      flow.setAttribute(USER, credentials[0]);
      return credentials[0];
    }
    int status = reverse ? 401 : 407;
    HttpResponse challenge = Response.of(status, "text/plain",
        status + " " + Response.reasonPhrase(status) + "\n");
    challenge.headers().add(reverse ? "WWW-Authenticate" : "Proxy-Authenticate", "Basic realm=\"" + REALM + "\"");
    flow.respond(challenge);
    return null;
  }

  /** {user, password} from a Basic credential, or {@code null} when missing or malformed. */
  private static String[] parseBasic(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.trim().split("\\s+");
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("basic")) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
