package dev.sluice.web.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.replay.FlowWriter;
import dev.sluice.replay.Har;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the web view's requests, each only past the {@link AccessGuard}: the page ({@code /}),
 * the flows a filter matches ({@code /api/flows?filter=}), one flow in detail
 * ({@code /api/flows/ID}), the same flows as HAR or a mitmproxy dump ({@code /api/flows.har},
 * {@code /api/flows.mitm}), and the live stream of new ones ({@code /api/events?filter=&since=}).
 * A bad filter is a {@code 400} whose error says where it went wrong.
 */
final class WebRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(WebRequestHandler.class);
  private static final String FLOW_PREFIX = "/api/flows/";

  private final FlowStore store;
  private final AccessGuard guard;
  private final byte[] page;
  private final Responses responses;
  private final int bodyLimit;

  WebRequestHandler(FlowStore store, AccessGuard guard, HtmlPage page, int bodyLimit) {
    this.store = store;
    this.guard = guard;
    this.page = page.live().getBytes(StandardCharsets.UTF_8);
    this.responses = new Responses(page.policy(true));
    this.bodyLimit = bodyLimit;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      responses.error(ctx, false, HttpResponseStatus.BAD_REQUEST, "a malformed request: " + request.decoderResult().cause().getMessage());
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String refusal = guard.refusal(request.headers().get(HttpHeaderNames.HOST), parameter(query, "token"));
    if (refusal != null) {
      responses.error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, refusal);
      return;
    }
    if (!request.method().equals(HttpMethod.GET)) {
      responses.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "the web view is read-only: GET only, not " + request.method());
      return;
    }
    String path = query.path();
    try {
      switch (path) {
        case "/" -> responses.send(ctx, keepAlive, HttpResponseStatus.OK, "text/html; charset=utf-8", page);
        case "/api/flows" -> list(ctx, keepAlive, filter(query));
        case "/api/flows.har" -> responses.download(ctx, keepAlive, "application/json; charset=utf-8", "flows.har",
            Har.toJson(store.flows(filter(query))).getBytes(StandardCharsets.UTF_8));
        case "/api/flows.mitm" -> responses.download(ctx, keepAlive, "application/octet-stream", "flows.mitm", dump(store.flows(filter(query))));
        case "/api/events" -> events(ctx, request, query);
        default -> {
          if (path.startsWith(FLOW_PREFIX)) {
            detail(ctx, keepAlive, path.substring(FLOW_PREFIX.length()));
          } else {
            responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no such page: " + path);
          }
        }
      }
    } catch (IllegalArgumentException e) {   // a FilterSyntaxException names the position
      responses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private void list(ChannelHandlerContext ctx, boolean keepAlive, FlowFilter filter) {
    FlowStore.Listing listing = store.matching(filter);
    var json = ScriptSafeJson.object().put("seq", listing.seq());
    var flows = json.putArray("flows");
    listing.entries().forEach(entry -> flows.add(FlowJson.summary(entry.flow(), entry.seq())));
    responses.json(ctx, keepAlive, HttpResponseStatus.OK, ScriptSafeJson.write(json));
  }

  private void detail(ChannelHandlerContext ctx, boolean keepAlive, String id) {
    store.get(id).ifPresentOrElse(
        entry -> responses.json(ctx, keepAlive, HttpResponseStatus.OK,
            ScriptSafeJson.write(FlowJson.detail(entry.flow(), entry.seq(), bodyLimit))),
        () -> responses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no flow " + id));
  }

  /** Starts a stream of server-sent events: the flows after {@code since} (or the Last-Event-ID), then each new one. */
  private void events(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query) {
    FlowFilter filter = filter(query);
    long since = Math.max(number("since", parameter(query, "since")), number("Last-Event-ID", request.headers().get("Last-Event-ID")));
    ctx.writeAndFlush(responses.eventStreamHead());
    EventStream stream = new EventStream(ctx.channel());
    store.subscribe(stream, filter, since);
    ctx.channel().closeFuture().addListener(closed -> store.unsubscribe(stream));
  }

  private static byte[] dump(List<Flow> flows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FlowWriter writer = FlowWriter.of(out)) {
      for (Flow flow : flows) {
        writer.write(flow);
      }
    }
    return out.toByteArray();
  }

  private static FlowFilter filter(QueryStringDecoder query) {
    String expression = parameter(query, "filter");
    return expression == null || expression.isBlank() ? FlowFilter.all() : FlowFilter.parse(expression);
  }

  private static long number(String name, String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a flow number: \"" + text + "\"");
    }
  }

  private static String parameter(QueryStringDecoder query, String name) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("web view connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
