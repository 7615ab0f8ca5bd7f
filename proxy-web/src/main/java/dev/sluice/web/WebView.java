package dev.sluice.web;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.internal.Hosts;
import dev.sluice.core.options.Option;
import dev.sluice.web.internal.FlowStore;
import dev.sluice.web.internal.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A read-only web page of a proxy's flows, as {@code mitmweb} shows them: a list that grows as
 * flows finish (server-sent events), a filter box taking mitmproxy's filter language (run on the
 * server with {@link dev.sluice.api.FlowFilter#parse}), the detail of one flow (headers, trailers,
 * bodies as text, pretty JSON, images or hex, websocket messages, timing), and the flows shown as
 * HAR or a mitmproxy dump. The page is bundled in this jar and loads nothing from the network.
 *
 * <p>Safe by default: it listens on 127.0.0.1, every request must carry the random token of
 * {@link #uri()} (so another local user, or a web page in the same browser, cannot read the
 * traffic), and a request whose {@code Host} is not a loopback name or the address listened on is
 * refused (DNS rebinding). It keeps every flow it is given, in memory, until closed.
 *
 * <p>Add it as a hook in {@link dev.sluice.core.HookPhase#RECORDING}, where it sees each flow as
 * every other hook left it; a flow is shown when its response is complete, when it fails, or, for
 * a websocket, when the websocket ends.
 *
 * <pre>{@code
 * try (WebView view = WebView.builder().port(8081).start();
 *      ProxyServer proxy = ProxyServer.builder().hook(HookPhase.RECORDING, view).start()) {
 *   System.out.println("Web view at " + view.uri());
 *   ...
 * }
 * }</pre>
 */
public final class WebView implements FlowHook, AutoCloseable {

  /** mitmweb's {@code web_port}: the port of the web view; 8081 by default. */
  public static final Option<Integer> WEB_PORT = Option.integer("web_port")
      .defaultValue(8081)
      .help("The port of the web view (--web); 0 picks a free one.")
      .check(port -> {
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("not a port (0-65535): " + port);
        }
      })
      .build();

  /** mitmweb's {@code web_host}: the address the web view listens on; 127.0.0.1 by default. */
  public static final Option<String> WEB_HOST = Option.string("web_host")
      .defaultValue("127.0.0.1")
      .help("The address the web view (--web) listens on. The default keeps it to this machine; requests must name "
          + "a loopback host or this address in their Host header.")
      .check(host -> {
        if (host.isBlank()) {
          throw new IllegalArgumentException("must not be blank");
        }
      })
      .build();

  /** The web view's options: {@link #WEB_HOST} and {@link #WEB_PORT}. */
  public static final List<Option<?>> OPTIONS = List.of(WEB_HOST, WEB_PORT);

  /** The most bytes of each body the detail view gets by default: 1 MiB (the page says when it cut one). */
  public static final int DEFAULT_BODY_LIMIT = 1024 * 1024;

  private final FlowStore store;
  private final WebServer server;

  private WebView(FlowStore store, WebServer server) {
    this.store = store;
    this.server = server;
  }

  /** A builder for a web view on 127.0.0.1:8081. */
  public static Builder builder() {
    return new Builder();
  }

  /** The page's URL, with its token: what to open in a browser. */
  public URI uri() {
    InetSocketAddress address = server.address();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
    return URI.create("http://" + Hosts.withPort(host, address.getPort())
        + "/?token=" + server.token());
  }

  /** The address listened on. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** Shows {@code flow}, one that did not come through a proxy (read from a file, say); a flow shown before is ignored. */
  public void show(Flow flow) {
    store.add(Flow.copyOf(Objects.requireNonNull(flow, "flow")));
  }

  @Override
  public void response(HttpFlow flow) {
    if (flow.webSocket() == null) {
      show(flow);
    }
  }

  @Override
  public void error(HttpFlow flow) {
    show(flow);
  }

  @Override
  public void webSocketEnd(HttpFlow flow) {
    show(flow);
  }

  @Override
  public String name() {
    return "WebView";
  }

  /**
   * Stops the page's server and closes its connections; closing again does nothing. A proxy closes
   * the hooks it was given, so closing the proxy closes its web view.
   */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Configures a {@link WebView}: where it listens and how much of each body it shows.
   *
   * <pre>{@code
   * WebView view = WebView.builder().host("127.0.0.1").port(0).bodyLimit(64 * 1024).start();
   * }</pre>
   */
  public static final class Builder {
    private String host = WEB_HOST.defaultValue();
    private int port = WEB_PORT.defaultValue();
    private int bodyLimit = DEFAULT_BODY_LIMIT;

    private Builder() {}

    /** The address to listen on (127.0.0.1 by default). */
    public Builder host(String host) {
      this.host = WEB_HOST.check(Objects.requireNonNull(host, "host"));
      return this;
    }

    /** The port to listen on (8081 by default; 0 picks a free one). */
    public Builder port(int port) {
      this.port = WEB_PORT.check(port);
      return this;
    }

    /** The most bytes of each body the detail view gets ({@link #DEFAULT_BODY_LIMIT} by default). */
    public Builder bodyLimit(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bodyLimit: must not be negative, got " + bytes);
      }
      this.bodyLimit = bytes;
      return this;
    }

    /**
     * Starts the web view.
     *
     * @throws IOException naming the address when it cannot be listened on (a port in use, say)
     */
    public WebView start() throws IOException {
      FlowStore store = new FlowStore();
      return new WebView(store, WebServer.start(new InetSocketAddress(host, port), store, bodyLimit));
    }
  }
}
