package dev.sluice.api;

/**
 * The status codes of gRPC, as a call's {@code grpc-status} trailer carries them.
 *
 * <pre>{@code
 * flow.grpc().end(GrpcStatus.PERMISSION_DENIED, "blocked by the test");
 * GrpcStatus status = GrpcStatus.of(Integer.parseInt(flow.response().trailers().get("grpc-status")));
 * }</pre>
 */
public enum GrpcStatus {
  OK,
  CANCELLED,
  UNKNOWN,
  INVALID_ARGUMENT,
  DEADLINE_EXCEEDED,
  NOT_FOUND,
  ALREADY_EXISTS,
  PERMISSION_DENIED,
  RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION,
  ABORTED,
  OUT_OF_RANGE,
  UNIMPLEMENTED,
  INTERNAL,
  UNAVAILABLE,
  DATA_LOSS,
  UNAUTHENTICATED;

  /** The number on the wire ({@code 0} for {@link #OK}, ...). */
  public int code() {
    return ordinal();
  }

  /**
   * The status with {@code code}.
   *
   * @throws IllegalArgumentException for a code gRPC does not define
   */
  public static GrpcStatus of(int code) {
    GrpcStatus[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("code: not a gRPC status code (0 to 16): " + code);
    }
    return all[code];
  }
}
