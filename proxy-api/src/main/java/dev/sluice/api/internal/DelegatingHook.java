package dev.sluice.api.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Socks5Auth;
import dev.sluice.api.TlsClientHello;
import dev.sluice.api.TlsFailure;

/**
 * A hook that forwards every event to another, and closes it when closed. Subclasses override
 * {@link #accepts(HttpFlow)} to filter flow events.
 */
abstract class DelegatingHook implements FlowHook, AutoCloseable {

  final FlowHook delegate;

  DelegatingHook(FlowHook delegate) {
    this.delegate = delegate;
  }

  boolean accepts(HttpFlow flow) {
    return true;
  }

  @Override public void clientConnected(ClientConnection client) {
    delegate.clientConnected(client);
  }

  @Override public void clientDisconnected(ClientConnection client) {
    delegate.clientDisconnected(client);
  }

  @Override public void socks5Auth(Socks5Auth auth) {
    delegate.socks5Auth(auth);
  }

  @Override public void tlsClientHello(TlsClientHello hello) {
    delegate.tlsClientHello(hello);
  }

  @Override public void tlsFailed(TlsFailure failure) {
    delegate.tlsFailed(failure);
  }

  @Override public void httpConnect(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.httpConnect(flow);
    }
  }

  @Override public void requestHeaders(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.requestHeaders(flow);
    }
  }

  @Override public void request(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.request(flow);
    }
  }

  @Override public void responseHeaders(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.responseHeaders(flow);
    }
  }

  @Override public void response(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.response(flow);
    }
  }

  @Override public void error(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.error(flow);
    }
  }

  @Override public void webSocketStart(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.webSocketStart(flow);
    }
  }

  @Override public void webSocketMessage(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.webSocketMessage(flow);
    }
  }

  @Override public void webSocketEnd(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.webSocketEnd(flow);
    }
  }

  @Override public void grpcMessage(HttpFlow flow) {
    if (accepts(flow)) {
      delegate.grpcMessage(flow);
    }
  }

  @Override public String name() {
    return delegate.name();
  }

  @Override public boolean isBlocking() {
    return delegate.isBlocking();
  }

  @Override public void close() throws Exception {
    if (delegate instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
