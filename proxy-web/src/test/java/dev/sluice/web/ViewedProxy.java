package dev.sluice.web;

import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyServer;

/**
 * The web view's test fixture: an origin, a web view on a free loopback port, and a proxy that shows
 * its flows in it (recording phase, as the command line adds it).
 *
 * <pre>{@code
 * try (ViewedProxy viewed = ViewedProxy.start()) {
 *   JdkClients.via(viewed.proxy()).send(...);
 *   browser.open(viewed.view().uri());
 * }
 * }</pre>
 */
record ViewedProxy(ViewerOrigin origin, WebView view, ProxyServer proxy) implements AutoCloseable {

  static ViewedProxy start() throws Exception {
    ViewerOrigin origin = new ViewerOrigin();
    WebView view = WebView.builder().port(0).start();
    return new ViewedProxy(origin, view, ProxyServer.builder().hook(HookPhase.RECORDING, view).start());
  }

  @Override
  public void close() throws Exception {
    proxy.close();
    view.close();
    origin.close();
  }
}
