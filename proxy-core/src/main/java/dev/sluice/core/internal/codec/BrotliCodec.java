package dev.sluice.core.internal.codec;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.sluice.api.ContentCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code Content-Encoding: br}, with brotli4j's native library. The library is loaded on first
 * use, so a platform without it still loads every other codec; using {@code br} there fails
 * with an {@link IllegalStateException} that gives the cause.
 *
 * <p>Found through {@link java.util.ServiceLoader}; the body API uses it for you:
 *
 * <pre>{@code
 * byte[] body = new BrotliCodec().decode(brotliBytes);
 * }</pre>
 */
public final class BrotliCodec implements ContentCodec {

  /** Quality 5 of 11: close to the best ratio for text at a fraction of the time of 11. */
  private static final Encoder.Parameters PARAMETERS = new Encoder.Parameters().setQuality(5);

  @Override
  public String name() {
    return "br";
  }

  @Override
  public byte[] decode(byte[] encoded) {
    ensureLoaded();
    DirectDecompress result;
    try {
      result = DirectDecompress.decompress(encoded);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid br body: " + e.getMessage(), e);
    }
    if (result.getResultStatus() != DecoderJNI.Status.DONE) {
      throw new IllegalArgumentException("invalid br body: decoder stopped with status " + result.getResultStatus());
    }
    return result.getDecompressedData();
  }

  @Override
  public byte[] encode(byte[] decoded) {
    ensureLoaded();
    try {
      return Encoder.compress(decoded, PARAMETERS);
    } catch (IOException e) {
      throw new UncheckedIOException("br encoding failed", e);
    }
  }

  private static void ensureLoaded() {
    try {
      Brotli4jLoader.ensureAvailability();
    } catch (LinkageError | RuntimeException e) {
      throw new IllegalStateException("Content-Encoding br: brotli4j's native library is not available on "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e.getMessage(), e);
    }
  }
}
