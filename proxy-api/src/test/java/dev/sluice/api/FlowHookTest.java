package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;

class FlowHookTest {

  @Test
  void matchingPassesFlowEventsOnlyForMatchingFlows() {
    FlowHook delegate = mock(FlowHook.class);
    FlowHook hook = FlowHook.matching(FlowFilter.parse("~m POST"), delegate);
    HttpFlow get = SampleFlows.live("http://example.com/index.html?q=1");
    HttpFlow post = HttpFlow.create(SampleFlows.client("127.0.0.1", 40001),
        Request.builder().method("POST").url("https://api.example.org:8443/v1/items").build());

    fireEveryFlowEvent(hook, get);
    fireEveryFlowEvent(hook, post);

    InOrder order = inOrder(delegate);
    order.verify(delegate).httpConnect(post);
    order.verify(delegate).requestHeaders(post);
    order.verify(delegate).request(post);
    order.verify(delegate).responseHeaders(post);
    order.verify(delegate).response(post);
    order.verify(delegate).error(post);
    order.verify(delegate).webSocketStart(post);
    order.verify(delegate).webSocketMessage(post);
    order.verify(delegate).webSocketEnd(post);
    verify(delegate, never()).request(get);
    verify(delegate, never()).response(get);
  }

  @Test
  void matchingAlwaysPassesConnectionEvents() {
    FlowHook delegate = mock(FlowHook.class);
    FlowHook hook = FlowHook.matching(flow -> false, delegate);
    ClientConnection client = SampleFlows.client("127.0.0.1", 40000);
    TlsClientHello hello = mock(TlsClientHello.class);
    TlsFailure failure = mock(TlsFailure.class);
    Socks5Auth auth = Socks5Auth.of(client, "ada", "s3cret");

    hook.clientConnected(client);
    hook.socks5Auth(auth);
    hook.tlsClientHello(hello);
    hook.tlsFailed(failure);
    hook.clientDisconnected(client);

    verify(delegate).clientConnected(client);
    verify(delegate).socks5Auth(auth);
    verify(delegate).tlsClientHello(hello);
    verify(delegate).tlsFailed(failure);
    verify(delegate).clientDisconnected(client);
  }

  @Test
  void wrappersKeepTheNameAndBlockingOfTheirHook() {
    FlowHook delegate = mock(FlowHook.class);
    when(delegate.name()).thenReturn("audit");
    when(delegate.isBlocking()).thenReturn(true);

    FlowHook matching = FlowHook.matching(FlowFilter.all(), delegate);

    assertThat(matching.name()).isEqualTo("audit");
    assertThat(matching.isBlocking()).isTrue();
    assertThat(matching.toString()).startsWith("matching(").endsWith(", audit)");
  }

  @Test
  void blockingDeclaresTheHookBlockingAndForwardsEvents() {
    FlowHook delegate = mock(FlowHook.class);
    when(delegate.name()).thenReturn("disk");
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");

    FlowHook blocking = FlowHook.blocking(delegate);
    blocking.request(flow);

    assertThat(blocking.isBlocking()).isTrue();
    assertThat(blocking.name()).isEqualTo("disk");
    verify(delegate).request(flow);
  }

  @Blocking
  static final class AnnotatedHook implements FlowHook {}

  @Test
  void hooksAreNamedByClassAndBlockingByAnnotation() {
    assertThat(new AnnotatedHook().isBlocking()).isTrue();
    assertThat(new AnnotatedHook().name()).isEqualTo(AnnotatedHook.class.getName());
    assertThat(new FlowHook() {}.isBlocking()).isFalse();
  }

  @Test
  void closingAWrapperClosesTheHookInside() throws Exception {
    FlowHook closeable = mock(FlowHook.class, withSettings().extraInterfaces(AutoCloseable.class));

    FlowHook wrapped = FlowHook.blocking(FlowHook.matching(FlowFilter.all(), closeable));

    assertThat(wrapped).isInstanceOf(AutoCloseable.class);
    ((AutoCloseable) wrapped).close();
    verify((AutoCloseable) closeable).close();
  }

  @Test
  void closingAWrapperOfAHookThatIsNotCloseableDoesNothing() throws Exception {
    FlowHook delegate = mock(FlowHook.class);

    ((AutoCloseable) FlowHook.matching(FlowFilter.all(), delegate)).close();

    verifyNoInteractions(delegate);
  }

  @Test
  void factoriesNameTheirMissingArgument() {
    assertThatThrownBy(() -> FlowHook.matching(null, new FlowHook() {})).hasMessage("filter");
    assertThatThrownBy(() -> FlowHook.matching(FlowFilter.all(), null)).hasMessage("hook");
    assertThatThrownBy(() -> FlowHook.blocking(null)).hasMessage("hook");
    assertThatThrownBy(() -> FlowHook.onRequest(null)).hasMessage("action");
  }

  static Stream<Arguments> lambdaHooks() {
    return Stream.of(
        lambdaHook("requestHeaders", FlowHook::onRequestHeaders, FlowHook::requestHeaders),
        lambdaHook("request", FlowHook::onRequest, FlowHook::request),
        lambdaHook("responseHeaders", FlowHook::onResponseHeaders, FlowHook::responseHeaders),
        lambdaHook("response", FlowHook::onResponse, FlowHook::response),
        lambdaHook("error", FlowHook::onError, FlowHook::error),
        lambdaHook("webSocketMessage", FlowHook::onWebSocketMessage, FlowHook::webSocketMessage));
  }

  private static Arguments lambdaHook(String event, Function<Consumer<HttpFlow>, FlowHook> factory,
      BiConsumer<FlowHook, HttpFlow> fire) {
    return Arguments.of(event, factory, fire);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lambdaHooks")
  void lambdaHookRunsOnItsOwnEventOnly(String event, Function<Consumer<HttpFlow>, FlowHook> factory,
      BiConsumer<FlowHook, HttpFlow> ownEvent) {
    List<HttpFlow> seen = new ArrayList<>();
    FlowHook hook = factory.apply(seen::add);
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");

    fireEveryFlowEvent(hook, flow);
    assertThat(seen).hasSize(1);

    ownEvent.accept(hook, flow);
    assertThat(seen).hasSize(2).containsOnly(flow);
    assertThat(hook.name()).startsWith("on" + Character.toUpperCase(event.charAt(0)) + event.substring(1) + "(");
    assertThat(hook.isBlocking()).isFalse();
  }

  private static void fireEveryFlowEvent(FlowHook hook, HttpFlow flow) {
    hook.httpConnect(flow);
    hook.requestHeaders(flow);
    hook.request(flow);
    hook.responseHeaders(flow);
    hook.response(flow);
    hook.error(flow);
    hook.webSocketStart(flow);
    hook.webSocketMessage(flow);
    hook.webSocketEnd(flow);
  }
}
