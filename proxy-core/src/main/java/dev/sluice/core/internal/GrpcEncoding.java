package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.GrpcStatus;
import dev.sluice.api.internal.ContentCodecs;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code grpc-encoding} of one direction of a call: how its compressed messages are
 * decompressed, and compressed again when a hook changed one. Sluice knows gzip, deflate and identity.
 */
final class GrpcEncoding {

  private static final Set<String> KNOWN = Set.of("gzip", "deflate");

  private final String name;
  private final boolean fromClient;

  /** The encoding a {@code grpc-encoding} header names ({@code null} when absent), for messages {@code fromClient} or not. */
  GrpcEncoding(String header, boolean fromClient) {
    this.name = header == null ? null : header.trim().toLowerCase(Locale.ROOT);
    this.fromClient = fromClient;
  }

  /**
   * The bytes of a message as sent, decompressed when its flag says so.
   *
   * @throws GrpcFailure when a compressed message has no encoding to undo ({@code INTERNAL}), one
   *     Sluice does not know ({@code UNIMPLEMENTED} from a client, {@code INTERNAL} from a server,
   *     as gRPC's compression spec has it), or does not decompress ({@code INTERNAL})
   */
  byte[] decode(byte[] payload, boolean compressed) throws GrpcFailure {
    if (!compressed) {
      return payload;
    }
    if (name == null || name.equals("identity")) {
      throw new GrpcFailure(GrpcStatus.INTERNAL, FlowError.Kind.PROTOCOL_ERROR, "a compressed message, but the "
          + side() + (name == null ? " named no grpc-encoding" : " named grpc-encoding identity"));
    }
    if (!KNOWN.contains(name)) {
      throw new GrpcFailure(fromClient ? GrpcStatus.UNIMPLEMENTED : GrpcStatus.INTERNAL, FlowError.Kind.PROTOCOL_ERROR,
          "a message compressed with grpc-encoding \"" + name + "\", which the proxy does not know"
              + " (it knows gzip, deflate, identity)");
    }
    try {
      return ContentCodecs.decode(name, payload);
    } catch (RuntimeException e) {
      throw new GrpcFailure(GrpcStatus.INTERNAL, FlowError.Kind.PROTOCOL_ERROR,
          "a message that does not decompress as " + name + ": " + e.getMessage());
    }
  }

  /** {@code content} as it goes on the wire: compressed when {@code compressed} and the encoding compresses. */
  byte[] encode(byte[] content, boolean compressed) {
    return compressed && name != null && KNOWN.contains(name) ? ContentCodecs.encode(name, content) : content;
  }

  /** Whether messages of this direction may go compressed (the side named an encoding that compresses). */
  boolean compresses() {
    return name != null && KNOWN.contains(name);
  }

  private String side() {
    return fromClient ? "client" : "server";
  }
}
