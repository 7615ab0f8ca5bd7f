package dev.sluice.web.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * One page's live updates: each new flow its filter matches, as a server-sent event
 * ({@code id: seq}, {@code event: flow}, its summary as data). A page that stops reading is cut
 * off rather than buffered for: its browser reconnects with the last event id and catches up.
 */
final class EventStream implements FlowStore.Subscriber {

  private final Channel channel;

  EventStream(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void accept(FlowStore.Entry entry) {
    if (!channel.isActive()) {
      return;
    }
    if (!channel.isWritable()) {
      channel.close();
      return;
    }
    String event = "id: " + entry.seq() + "\nevent: flow\ndata: "
        + ScriptSafeJson.write(FlowJson.summary(entry.flow(), entry.seq())) + "\n\n";
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(event, StandardCharsets.UTF_8)));
  }
}
