package dev.sluice.api.internal;

import dev.sluice.api.ContentCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/** Decodes and encodes bodies by their {@code Content-Encoding} list (applied in order, so decoded in reverse). */
public final class ContentCodecs {

  private static final Map<String, ContentCodec> CODECS = load();

  private ContentCodecs() {}

  /** Whether every coding of the header value can be decoded here. */
  public static boolean canDecode(String contentEncoding) {
    for (String coding : codings(contentEncoding)) {
      if (!CODECS.containsKey(coding)) {
        return false;
      }
    }
    return true;
  }

  /** Removes the codings of {@code contentEncoding} (a header value, possibly a list) from {@code raw}. */
  public static byte[] decode(String contentEncoding, byte[] raw) {
    List<String> codings = codings(contentEncoding);
    byte[] out = raw;
    for (int i = codings.size() - 1; i >= 0; i--) {
      out = codec(codings.get(i)).decode(out);
    }
    return out;
  }

  /** Applies the codings of {@code contentEncoding} to {@code decoded}. */
  public static byte[] encode(String contentEncoding, byte[] decoded) {
    byte[] out = decoded;
    for (String coding : codings(contentEncoding)) {
      out = codec(coding).encode(out);
    }
    return out;
  }

  private static ContentCodec codec(String coding) {
    ContentCodec codec = CODECS.get(coding);
    if (codec == null) {
      throw new IllegalStateException("no codec for Content-Encoding \"" + coding + "\" (known: "
          + String.join(", ", CODECS.keySet().stream().sorted().toList()) + ")");
    }
    return codec;
  }

  private static List<String> codings(String contentEncoding) {
    return java.util.Arrays.stream(contentEncoding.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty() && !s.equals("identity"))
        .map(s -> s.equals("x-gzip") ? "gzip" : s)
        .toList();
  }

  private static Map<String, ContentCodec> load() {
    Map<String, ContentCodec> codecs = new HashMap<>();
    codecs.put("gzip", new Gzip());
    codecs.put("deflate", new Deflate());
    for (ContentCodec codec : ServiceLoader.load(ContentCodec.class, ContentCodecs.class.getClassLoader())) {
      codecs.putIfAbsent(codec.name().toLowerCase(Locale.ROOT), codec);
    }
    return Map.copyOf(codecs);
  }

  private static final class Gzip implements ContentCodec {
    @Override public String name() {
      return "gzip";
    }

    @Override public byte[] decode(byte[] encoded) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalArgumentException("invalid gzip body: " + e.getMessage(), e);
      }
    }

    @Override public byte[] encode(byte[] decoded) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(decoded.length / 2 + 32);
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(decoded);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }

  /** HTTP's "deflate" is zlib-wrapped; some servers send raw deflate, which is accepted too. */
  private static final class Deflate implements ContentCodec {
    @Override public String name() {
      return "deflate";
    }

    @Override public byte[] decode(byte[] encoded) {
      try {
        return inflate(encoded, false);
      } catch (DataFormatException zlibFailed) {
        try {
          return inflate(encoded, true);
        } catch (DataFormatException e) {
          throw new IllegalArgumentException("invalid deflate body: " + e.getMessage(), e);
        }
      }
    }

    private static byte[] inflate(byte[] encoded, boolean raw) throws DataFormatException {
      Inflater inflater = new Inflater(raw);
      try {
        inflater.setInput(encoded);
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length * 2 + 16);
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
          int n = inflater.inflate(buffer);
          if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            throw new DataFormatException("truncated deflate stream");
          }
          out.write(buffer, 0, n);
        }
        return out.toByteArray();
      } finally {
        inflater.end();
      }
    }

    @Override public byte[] encode(byte[] decoded) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(decoded.length / 2 + 32);
      Deflater deflater = new Deflater();
      try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
        stream.write(decoded);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        deflater.end();
      }
      return out.toByteArray();
    }
  }
}
