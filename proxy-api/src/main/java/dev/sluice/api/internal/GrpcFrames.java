package dev.sluice.api.internal;

/** The 5-byte length prefix of gRPC messages on the wire. */
public final class GrpcFrames {

  /** The prefix: the compressed flag, then the length in 4 bytes big-endian. */
  public static final int PREFIX = 5;

  private GrpcFrames() {}

  /** {@code payload} as one frame: the compressed flag, the length, the bytes. */
  public static byte[] frame(byte[] payload, boolean compressed) {
    byte[] out = new byte[PREFIX + payload.length];
    out[0] = (byte) (compressed ? 1 : 0);
    out[1] = (byte) (payload.length >>> 24);
    out[2] = (byte) (payload.length >>> 16);
    out[3] = (byte) (payload.length >>> 8);
    out[4] = (byte) payload.length;
    System.arraycopy(payload, 0, out, PREFIX, payload.length);
    return out;
  }
}
