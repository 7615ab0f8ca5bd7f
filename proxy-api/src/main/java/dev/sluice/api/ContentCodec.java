package dev.sluice.api;

/**
 * One {@code Content-Encoding} (gzip, br, ...), as a service: the JDK-only API decodes
 * {@code gzip}, {@code deflate} and {@code identity} itself, and finds codecs for other encodings
 * ({@code br}, {@code zstd} ship in {@code proxy-core}) with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class LzCodec implements ContentCodec {
 *   public String name() { return "lz4"; }
 *   public byte[] decode(byte[] encoded) { ... }
 *   public byte[] encode(byte[] decoded) { ... }
 * }
 * // META-INF/services/dev.sluice.api.ContentCodec lists com.example.LzCodec
 * }</pre>
 */
public interface ContentCodec {

  /** The token as it appears in {@code Content-Encoding}, lower case. */
  String name();

  /**
   * Decodes a whole body.
   *
   * @throws IllegalArgumentException if {@code encoded} is not valid for this encoding
   */
  byte[] decode(byte[] encoded);

  /** Encodes a whole body. */
  byte[] encode(byte[] decoded);
}
