package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.GrpcStatus;

/** A gRPC call cannot go on: the status the client gets, its details, and the flow's error kind. */
final class GrpcFailure extends Exception {

  private final GrpcStatus status;
  private final FlowError.Kind kind;

  GrpcFailure(GrpcStatus status, FlowError.Kind kind, String details) {
    super(details, null, false, false);
    this.status = status;
    this.kind = kind;
  }

  GrpcStatus status() {
    return status;
  }

  FlowError.Kind kind() {
    return kind;
  }
}
