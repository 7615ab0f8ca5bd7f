package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.GrpcStatus;
import dev.sluice.api.internal.GrpcFrames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one direction of a gRPC body into its length-prefixed frames as the bytes come, whatever
 * the chunk boundaries: a frame is complete once its prefix and all its bytes arrived; what came
 * of the next one waits here. A frame longer than the limit fails as soon as its prefix is read.
 */
final class GrpcFrameReader {

  /** One frame: the compressed flag and the bytes as on the wire. */
  record Frame(boolean compressed, byte[] payload) {}

  private final int maxMessageSize;
  private final byte[] prefix = new byte[GrpcFrames.PREFIX];
  private int prefixRead;
  private byte[] payload;
  private int payloadRead;

  GrpcFrameReader(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /** The frames {@code bytes} completes, in order; {@code bytes} is read to its end. */
  List<Frame> read(ByteBuffer bytes) throws GrpcFailure {
    List<Frame> frames = new ArrayList<>(2);
    while (bytes.hasRemaining()) {
      if (payload == null) {
        int n = Math.min(bytes.remaining(), prefix.length - prefixRead);
        bytes.get(prefix, prefixRead, n);
        prefixRead += n;
        if (prefixRead < prefix.length) {
          break;
        }
        payload = new byte[checkedLength()];
        payloadRead = 0;
      }
      int n = Math.min(bytes.remaining(), payload.length - payloadRead);
      bytes.get(payload, payloadRead, n);
      payloadRead += n;
      if (payloadRead == payload.length) {
        frames.add(new Frame(prefix[0] == 1, payload));
        payload = null;
        prefixRead = 0;
      }
    }
    return frames;
  }

  /**
   * The body ended here: fails when it ended inside a frame.
   *
   * @throws GrpcFailure {@code INTERNAL}, naming how much of the frame came
   */
  void end() throws GrpcFailure {
    if (payload != null) {
      throw new GrpcFailure(GrpcStatus.INTERNAL, FlowError.Kind.PROTOCOL_ERROR, "the stream ended inside a message of "
          + payload.length + " bytes, after " + payloadRead + " of them (a frame length past the body)");
    }
    if (prefixRead > 0) {
      throw new GrpcFailure(GrpcStatus.INTERNAL, FlowError.Kind.PROTOCOL_ERROR,
          "the stream ended inside a message prefix, after " + prefixRead + " of its 5 bytes");
    }
  }

  private int checkedLength() throws GrpcFailure {
    if (prefix[0] != 0 && prefix[0] != 1) {
      throw new GrpcFailure(GrpcStatus.INTERNAL, FlowError.Kind.PROTOCOL_ERROR,
          "a message prefix with compressed flag " + (prefix[0] & 0xff) + " (only 0 and 1 are defined)");
    }
    long length = ((prefix[1] & 0xffL) << 24) | ((prefix[2] & 0xff) << 16) | ((prefix[3] & 0xff) << 8) | (prefix[4] & 0xff);
    if (length > maxMessageSize) {
      throw new GrpcFailure(GrpcStatus.RESOURCE_EXHAUSTED, FlowError.Kind.LIMIT_EXCEEDED,
          "a message of " + length + " bytes, over the limit of " + maxMessageSize + " bytes");
    }
    return (int) length;
  }
}
