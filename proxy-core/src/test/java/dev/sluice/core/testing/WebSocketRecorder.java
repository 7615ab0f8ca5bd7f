package dev.sluice.core.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link WebSocket.Listener} that keeps what it receives, for tests: whole messages (text as
 * {@code String}, binary as {@code byte[]}), pong payloads, and the close.
 *
 * <pre>{@code
 * WebSocketRecorder recorder = new WebSocketRecorder();
 * WebSocket ws = recorder.open(client, origin.uri("/"));
 * ws.sendText("hi", true);
 * assertThat(recorder.next()).isEqualTo("hi");
 * }</pre>
 */
public final class WebSocketRecorder implements WebSocket.Listener {

  /**
   * The close the client received.
   *
   * @param code its status code
   * @param reason its reason
   */
  public record Close(int code, String reason) {}

  private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> close = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

  /** Opens a websocket to {@code uri} with {@code client}, this listening, within 10 s. */
  public WebSocket open(HttpClient client, URI uri) throws Exception {
    return client.newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
  }

  /** The next whole message, waiting up to 10 s: a {@code String} or a {@code byte[]}; null if none came. */
  public Object next() throws InterruptedException {
    return messages.poll(10, TimeUnit.SECONDS);
  }

  /** The payload of the next pong, waiting up to 10 s; null if none came. */
  public byte[] nextPong() throws InterruptedException {
    return pongs.poll(10, TimeUnit.SECONDS);
  }

  /** The close the client received, waiting up to 10 s. */
  public Close closed() throws Exception {
    return close.get(10, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      messages.add(text.toString());
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binary.writeBytes(bytes);
    if (last) {
      messages.add(binary.toByteArray());
      binary.reset();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    byte[] bytes = new byte[message.remaining()];
    message.get(bytes);
    pongs.add(bytes);
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    close.complete(new Close(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    close.completeExceptionally(error);
  }
}
