package dev.sluice.api;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One message of a gRPC call (one length-prefixed frame of its body), as the {@code grpcMessage}
 * event sees it: its bytes decompressed when the call uses a {@code grpc-encoding} Sluice knows
 * (gzip, deflate, identity). Parsing them is the caller's: a protobuf message class reads them
 * with {@code parseFrom}. A hook may replace the bytes (the engine re-frames them, compressed again
 * if the message was) or drop the message before it is forwarded.
 *
 * <pre>{@code
 * FlowHook.onGrpcMessage(flow -> {
 *   GrpcMessage message = flow.grpc().lastMessage();
 *   if (message.fromClient()) {
 *     StringValue name = StringValue.parseFrom(message.content());
 *     message.setContent(StringValue.of(name.getValue().toUpperCase()).toByteArray());
 *   }
 * });
 * }</pre>
 */
public final class GrpcMessage {

  private final boolean fromClient;
  private byte[] content;
  private final boolean compressed;
  private final Instant timestamp;
  private final boolean injected;
  private boolean changed;
  private boolean dropped;
  private boolean readOnly;

  private GrpcMessage(boolean fromClient, byte[] content, boolean compressed, Instant timestamp, boolean injected) {
    this.fromClient = fromClient;
    this.content = Objects.requireNonNull(content, "content").clone();
    this.compressed = compressed;
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.injected = injected;
  }

  /**
   * A message as seen on the wire (or read from a recording): {@code content} decompressed,
   * {@code compressed} the frame's flag.
   */
  public static GrpcMessage of(boolean fromClient, byte[] content, boolean compressed, Instant timestamp) {
    return new GrpcMessage(fromClient, content, compressed, timestamp, false);
  }

  /**
   * A message a hook injects with {@link GrpcCall#inject(GrpcMessage)}, to be sent {@code toServer}
   * or to the client; it is compressed as the messages of that direction are.
   */
  public static GrpcMessage inject(boolean toServer, byte[] content) {
    return new GrpcMessage(toServer, content, false, Instant.now(), true);
  }

  /** Whether the client sent it (else the server did); for an injected message, whether it goes to the server. */
  public boolean fromClient() {
    return fromClient;
  }

  /** A copy of the message bytes, decompressed. */
  public byte[] content() {
    return content.clone();
  }

  /** A read-only view of the message bytes, without a copy. */
  public ByteBuffer contentBuffer() {
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
  }

  /** Replaces the message bytes; they go out framed (and compressed if the message came compressed). */
  public void setContent(byte[] content) {
    checkWritable();
    this.content = Objects.requireNonNull(content, "content").clone();
    changed = true;
  }

  /** Whether the frame's compressed flag was set (the bytes here are decompressed). */
  public boolean compressed() {
    return compressed;
  }

  /** When the whole message had arrived. */
  public Instant timestamp() {
    return timestamp;
  }

  /** Keeps the message from being forwarded. */
  public void drop() {
    checkWritable();
    dropped = true;
  }

  /** Whether a hook dropped it. */
  public boolean isDropped() {
    return dropped;
  }

  /** Whether a hook replaced its bytes. */
  public boolean isChanged() {
    return changed;
  }

  /** Whether a hook injected it (it never crossed the wire from a peer). */
  public boolean isInjected() {
    return injected;
  }

  /** Whether this message belongs to a kept {@link Flow} or a recording, where it is read-only. */
  public boolean isReadOnly() {
    return readOnly;
  }

  GrpcMessage readOnlyCopy() {
    GrpcMessage copy = new GrpcMessage(fromClient, content, compressed, timestamp, injected);
    copy.changed = changed;
    copy.dropped = dropped;
    copy.readOnly = true;
    return copy;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("this gRPC message belongs to a kept Flow and is read-only");
    }
  }

  @Override
  public String toString() {
    return (fromClient ? "client -> server" : "server -> client") + " gRPC message (" + content.length + " bytes"
        + (compressed ? ", compressed" : "") + (dropped ? ", dropped" : "") + ")";
  }
}
