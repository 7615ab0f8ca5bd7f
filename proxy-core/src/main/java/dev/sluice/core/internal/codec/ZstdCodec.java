package dev.sluice.core.internal.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.sluice.api.ContentCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * {@code Content-Encoding: zstd}, with zstd-jni. Decoding reads every frame of the body, whether
 * or not the frames state their size; the native library is loaded on first use.
 *
 * <p>Found through {@link java.util.ServiceLoader}; the body API uses it for you:
 *
 * <pre>{@code
 * byte[] body = new ZstdCodec().decode(zstdBytes);
 * }</pre>
 */
public final class ZstdCodec implements ContentCodec {

  /** zstd's default level, as most servers use it. */
  private static final int LEVEL = 3;

  @Override
  public String name() {
    return "zstd";
  }

  @Override
  public byte[] decode(byte[] encoded) {
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(encoded))) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("invalid zstd body: " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw unavailable(e);
    }
  }

  @Override
  public byte[] encode(byte[] decoded) {
    try {
      return Zstd.compress(decoded, LEVEL);
    } catch (LinkageError e) {
      throw unavailable(e);
    }
  }

  private static IllegalStateException unavailable(LinkageError e) {
    return new IllegalStateException("Content-Encoding zstd: zstd-jni's native library is not available on "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e.getMessage(), e);
  }
}
