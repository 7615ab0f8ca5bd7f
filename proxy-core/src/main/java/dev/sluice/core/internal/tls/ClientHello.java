package dev.sluice.core.internal.tls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy reads from a TLS ClientHello before answering it: the server name and the ALPN
 * protocols offered. Parsing never throws: a field that is missing or malformed is left empty, and
 * the TLS engine reports what is wrong with the handshake itself.
 *
 * @param sni the server name (a host name, never an IP literal), or {@code null}
 * @param alpn the ALPN protocols in the client's order, empty when it offers none
 */
public record ClientHello(String sni, List<String> alpn) {

  private static final int SERVER_NAME = 0;
  private static final int ALPN = 16;

  /** Copies. */
  public ClientHello {
    alpn = List.copyOf(alpn);
  }

  /** Whether the client offers ALPN protocols, none of them one of {@code spoken}. */
  public boolean offersNoneOf(List<String> spoken) {
    return !alpn.isEmpty() && spoken.stream().noneMatch(alpn::contains);
  }

  /**
   * Parses the body of a ClientHello handshake message (after its 4-byte header), without moving
   * the reader index of {@code body}.
   */
  public static ClientHello parse(ByteBuf body) {
    ByteBuf in = body.duplicate();
    String sni = null;
    List<String> alpn = new ArrayList<>();
    if (!skip(in, 2 + 32) || !skipVector(in, 1) || !skipVector(in, 2) || !skipVector(in, 1)
        || in.readableBytes() < 2) {
      return new ClientHello(null, List.of());
    }
    int extensionsEnd = Math.min(in.writerIndex(), in.readerIndex() + 2 + in.getUnsignedShort(in.readerIndex()));
    in.skipBytes(2);
    while (in.readerIndex() + 4 <= extensionsEnd) {
      int type = in.readUnsignedShort();
      int length = in.readUnsignedShort();
      if (in.readerIndex() + length > extensionsEnd) {
        break;
      }
      ByteBuf data = in.readSlice(length);
      if (type == SERVER_NAME) {
        sni = serverName(data);
      } else if (type == ALPN) {
        alpn = protocols(data);
      }
    }
    return new ClientHello(sni, alpn);
  }

  private static String serverName(ByteBuf data) {
    if (data.readableBytes() < 2) {
      return null;
    }
    data.skipBytes(2);
    while (data.readableBytes() >= 3) {
      int nameType = data.readUnsignedByte();
      int length = data.readUnsignedShort();
      if (length > data.readableBytes()) {
        return null;
      }
      String name = data.readCharSequence(length, StandardCharsets.US_ASCII).toString();
      if (nameType == 0) {
        return isPrintableName(name) ? name : null;
      }
    }
    return null;
  }

  private static List<String> protocols(ByteBuf data) {
    List<String> protocols = new ArrayList<>();
    if (data.readableBytes() < 2) {
      return protocols;
    }
    data.skipBytes(2);
    while (data.isReadable()) {
      int length = data.readUnsignedByte();
      if (length > data.readableBytes()) {
        break;
      }
      protocols.add(data.readCharSequence(length, StandardCharsets.ISO_8859_1).toString());
    }
    return protocols;
  }

  private static boolean isPrintableName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static boolean skip(ByteBuf in, int length) {
    if (in.readableBytes() < length) {
      return false;
    }
    in.skipBytes(length);
    return true;
  }

  private static boolean skipVector(ByteBuf in, int lengthBytes) {
    if (in.readableBytes() < lengthBytes) {
      return false;
    }
    int length = lengthBytes == 1 ? in.readUnsignedByte() : in.readUnsignedShort();
    return skip(in, length);
  }
}
