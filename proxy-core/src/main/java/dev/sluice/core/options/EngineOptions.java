package dev.sluice.core.options;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.TlsEngine;
import dev.sluice.core.internal.BasicCredentials;
import dev.sluice.core.internal.HostAddresses;
import dev.sluice.core.internal.spec.SpecPaths;
import dev.sluice.tls.ClientCertificates;
import java.util.List;

/**
 * The options of the engine itself, under mitmproxy's names: where it listens, its mode, its
 * limits, its TLS. {@link dev.sluice.core.ProxyServer.Builder} reads them as the proxy starts; each
 * also has a typed builder method ({@code port(8080)} sets {@link #LISTEN_PORT}).
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.builder()
 *     .set(EngineOptions.LISTEN_PORT, 8080)            // or .port(8080)
 *     .option("body_size_limit", "3m")                 // or .maxBodySize(3 << 20)
 *     .start();
 * }</pre>
 */
public final class EngineOptions {

  /** The largest body the engine can aggregate. */
  private static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 8;

  /** {@code listen_host}: the address to listen on; {@code 127.0.0.1} by default. */
  public static final Option<String> LISTEN_HOST = Option.string("listen_host")
      .defaultValue("127.0.0.1")
      .help("The host name or IP address to listen on. The default keeps the proxy to this machine.")
      .check(host -> {
        if (host.isBlank()) {
          throw new IllegalArgumentException("must not be blank");
        }
      })
      .build();

  /** {@code listen_port}: the port to listen on; 0 (any free port) by default. */
  public static final Option<Integer> LISTEN_PORT = Option.integer("listen_port")
      .help("The port to listen on; 0 picks a free one.")
      .check(port -> {
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("not a port (0-65535): " + port);
        }
      })
      .build();

  /** {@code mode}: regular, {@code socks5}, {@code reverse:URL} or {@code upstream:URL}; regular by default. */
  public static final Option<ProxyMode> MODE = Option.of("mode", "str", ProxyMode::parse)
      .defaultValue(ProxyMode.regular())
      .help("regular (a forward proxy), socks5 (a SOCKS5 proxy), reverse:http[s]://host[:port] (in front of one "
          + "server) or upstream:http://host[:port] (chained to another proxy).")
      .build();

  /** {@code body_size_limit}: the largest body held for the hooks; 64 MiB by default. */
  public static final Option<Long> BODY_SIZE_LIMIT = Option.size("body_size_limit")
      .defaultValue(64L << 20)
      .help("The largest request or response body held in memory for the hooks. A larger request gets a 413, "
          + "a larger response a 502, unless stream_large_bodies streams it.")
      .check(bytes -> {
        if (bytes < 0 || bytes > MAX_BODY_LIMIT) {
          throw new IllegalArgumentException("out of range 0.." + MAX_BODY_LIMIT + ": " + bytes);
        }
      })
      .build();

  /**
   * {@code max_connections}: how many client connections may be open at once; by default (none)
   * it follows the process's open-file limit.
   */
  public static final Option<Integer> MAX_CONNECTIONS = Option.integer("max_connections")
      .optional()
      .help("How many client connections may be open at once; one more gets a 503 naming the limit and is closed. "
          + "By default it follows the open-file limit (ulimit -n): two descriptors a connection, after a reserve.")
      .check(connections -> {
        if (connections < 1) {
          throw new IllegalArgumentException("must be at least 1, got " + connections);
        }
      })
      .build();

  /** {@code keep_host_header}: in reverse mode, whether the client's {@code Host} goes upstream unchanged; false by default. */
  public static final Option<Boolean> KEEP_HOST_HEADER = Option.bool("keep_host_header")
      .help("In reverse mode, send the client's Host header upstream unchanged instead of the server's name.")
      .build();

  /** {@code connection_strategy}: when a {@code CONNECT} tunnel connects upstream; eager by default. */
  public static final Option<ConnectionStrategy> CONNECTION_STRATEGY = Option.choice("connection_strategy",
          ConnectionStrategy.class)
      .help("eager connects upstream before answering CONNECT; lazy answers at once and connects only when a "
          + "request must be forwarded, so hooks can answer HTTPS requests with the server down.")
      .build();

  /** {@code stream_websockets}: whether websocket frames go on before hooks see their message; false by default. */
  public static final Option<Boolean> STREAM_WEBSOCKETS = Option.bool("stream_websockets")
      .help("Forward websocket frames at once: hooks still see each message but cannot change, drop or delay it.")
      .build();

  /**
   * {@code http2}: whether the proxy speaks HTTP/2 with clients and servers that offer it (ALPN
   * {@code h2}, or the preface with prior knowledge); true by default, as mitmproxy's.
   */
  public static final Option<Boolean> HTTP2 = Option.bool("http2")
      .defaultValue(true)
      .help("Speak HTTP/2 with clients and servers that offer it (by ALPN, or the HTTP/2 preface); with false, "
          + "HTTP/1.1 only.")
      .build();

  /** {@code ssl_insecure}: whether upstream certificates go unverified; false by default. */
  public static final Option<Boolean> SSL_INSECURE = Option.bool("ssl_insecure")
      .help("Do not verify upstream server certificates (anyone on the path can then read the traffic).")
      .build();

  /**
   * {@code client_certs}: the client certificates presented to upstream servers that ask for one:
   * a PEM file for every host, or a directory of {@code HOST.pem} files; none by default.
   */
  public static final Option<ClientCertificates> CLIENT_CERTS = Option.of("client_certs", "str",
          path -> ClientCertificates.load(SpecPaths.of(path)))
      .optional()
      .help("Client certificate for upstream servers that ask for one (mutual TLS): a PEM file with the private key "
          + "and the certificate (chain), presented to every host, or a directory of HOST.pem files, one per host "
          + "(the SNI, else the address). Read at start.")
      .build();

  /** {@code tls_engine}: the TLS implementation of intercepted connections; auto by default (Sluice only). */
  public static final Option<TlsEngine> TLS_ENGINE = Option.choice("tls_engine", TlsEngine.class)
      .help("The TLS implementation of intercepted connections: OpenSSL when it loads (auto), the JDK's (jdk), "
          + "or OpenSSL or fail (openssl).")
      .build();

  /** {@code upstream_auth}: {@code user:password} sent upstream with HTTP Basic; none by default. */
  public static final Option<String> UPSTREAM_AUTH = Option.string("upstream_auth")
      .optional()
      .secret()
      .help("user:password sent with HTTP Basic to the next proxy (upstream mode) or to the server (reverse "
          + "mode). Flows and recordings never hold it.")
      .check(BasicCredentials::check)
      .build();

  /**
   * {@code hosts}: names the proxy connects to at another address than DNS gives
   * ({@code name=address}, as BrowserUp remaps hosts; Sluice only); none by default. The request
   * keeps its name: in the {@code Host} header, the SNI, and the certificate minted for the client.
   */
  public static final Option<List<String>> HOSTS = Option.sequence("hosts", entry -> entry)
      .help("Connect to a host at another address than DNS gives: name=address (such as api.example.test=127.0.0.1). "
          + "Requests keep the name (Host header, SNI, the certificate minted for the client). Sluice only.")
      .check(HostAddresses::of)
      .build();

  /**
   * {@code upstream_cert}: whether the certificate minted for an intercepted TLS client also carries
   * the names (subjectAltNames, CN and O) of the certificate its server presented; true by default.
   * The server is reached before the client's handshake on the connection the first request then
   * uses, with the eager connection strategy (see {@link ConnectionStrategy}); off, or when the server
   * cannot be reached, certificates name the SNI or the target host only.
   */
  public static final Option<Boolean> UPSTREAM_CERT = Option.bool("upstream_cert")
      .defaultValue(true)
      .help("Copy the names of the server's certificate into the certificate Sluice mints for the client "
          + "(the server is reached before the client's handshake; not with connection_strategy=lazy).")
      .build();

  /** Every engine option. */
  public static final List<Option<?>> OPTIONS = List.of(LISTEN_HOST, LISTEN_PORT, MODE, BODY_SIZE_LIMIT,
      MAX_CONNECTIONS, KEEP_HOST_HEADER, CONNECTION_STRATEGY, STREAM_WEBSOCKETS, HTTP2, SSL_INSECURE, CLIENT_CERTS,
      TLS_ENGINE, UPSTREAM_AUTH, HOSTS, UPSTREAM_CERT);

  private EngineOptions() {}
}
