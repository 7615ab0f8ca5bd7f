package dev.sluice.replay.internal.serverreplay;

import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcStatus;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Request;
import dev.sluice.api.ResponseSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a gRPC call that server replay cannot answer gets: a well-formed gRPC answer with status
 * {@code UNIMPLEMENTED} whose details name the call and the closest call in the recording (a gRPC
 * client reads no plain-text error page).
 */
public final class GrpcMiss {

  private GrpcMiss() {}

  /** The answer to {@code miss}, said by {@code who}, with the closest of the {@code recorded} calls. */
  public static HttpResponse answer(String who, Request miss, List<Request> recorded) {
    StringBuilder details = new StringBuilder(who).append(": gRPC call ").append(miss.path())
        .append(" to ").append(miss.prettyHost()).append(" was not in the recording (or its recorded responses were all used)");
    closest(miss, recorded).ifPresentOrElse(
        near -> details.append("; closest recorded call: ").append(near.path()).append(" to ").append(near.prettyHost()),
        () -> details.append("; the recording holds no gRPC call"));
    return GrpcCall.response(GrpcStatus.UNIMPLEMENTED, details.toString(), List.of()).newBuilder()
        .source(ResponseSource.REPLAY).build();
  }

  /** The recorded gRPC call whose path shares the longest start with {@code miss}'s, the same host first. */
  static Optional<Request> closest(Request miss, List<Request> recorded) {
    return recorded.stream().filter(r -> GrpcCall.isGrpc(r.headers())).max(Comparator
        .comparingInt((Request r) -> commonPrefix(r.path(), miss.path()))
        .thenComparing(r -> r.prettyHost().equals(miss.prettyHost())));
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
