package dev.sluice.api.internal;

import dev.sluice.api.GrpcStatus;
import dev.sluice.api.Headers;
import java.nio.charset.StandardCharsets;

/** The trailers that end a gRPC call: {@code grpc-status} and {@code grpc-message}, percent-encoded as gRPC asks. */
public final class GrpcTrailers {

  private GrpcTrailers() {}

  /** Sets the status and, unless empty, the details on {@code headers}. */
  public static void set(Headers headers, GrpcStatus status, String details) {
    headers.set("grpc-status", Integer.toString(status.code()));
    headers.remove("grpc-message");
    if (!details.isEmpty()) {
      headers.set("grpc-message", percentEncoded(details));
    }
  }

  /** {@code details} as UTF-8, each byte outside printable ASCII (and {@code %}) as {@code %XX}. */
  static String percentEncoded(String details) {
    StringBuilder out = new StringBuilder(details.length());
    for (byte b : details.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
