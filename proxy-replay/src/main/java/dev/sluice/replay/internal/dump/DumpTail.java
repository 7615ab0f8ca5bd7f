package dev.sluice.replay.internal.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where the last whole record of a dump ends, by hopping from length prefix to length
 * prefix without reading the payloads; what may follow is a record torn by a crash.
 *
 * <pre>{@code channel.truncate(DumpTail.endOfLastWholeRecord(channel, "session.mitm")); }</pre>
 */
public final class DumpTail {

  private static final Logger log = LoggerFactory.getLogger(DumpTail.class);

  private DumpTail() {}

  /**
   * The offset just after the last whole top-level record of {@code channel}.
   *
   * @throws IOException if a record before the end is not one a dump holds
   */
  public static long endOfLastWholeRecord(FileChannel channel, String name) throws IOException {
    long size = channel.size();
    long at = 0;
    ByteBuffer prefix = ByteBuffer.allocate(14);
    while (at < size) {
      prefix.clear();
      channel.read(prefix, at);
      long length = 0;
      int i = 0;
      while (i < prefix.position() && Character.isDigit(prefix.get(i))) {
        length = length * 10 + (prefix.get(i) - '0');
        i++;
      }
      long next = at + i + 1 + length + 1;
      boolean prefixTorn = i > 0 && at + i == size;
      boolean recordTorn = i > 0 && i < prefix.position() && prefix.get(i) == ':' && next > size;
      if (prefixTorn || recordTorn) {
        log.warn("{}: cutting off a torn last record at byte {} ({} bytes) before appending", name, at, size - at);
        return at;
      }
      if (i == 0 || i >= prefix.position() || prefix.get(i) != ':' || !isTag(channel, next - 1)) {
        throw new IOException(name + ": not a mitmproxy dump (bad record at byte " + at + "); refusing to append");
      }
      at = next;
    }
    return at;
  }

  private static boolean isTag(FileChannel channel, long position) throws IOException {
    ByteBuffer tag = ByteBuffer.allocate(1);
    channel.read(tag, position);
    return tag.get(0) == '}';
  }
}
