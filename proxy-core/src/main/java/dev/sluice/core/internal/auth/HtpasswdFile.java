package dev.sluice.core.internal.auth;

import dev.sluice.core.hooks.ProxyAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The users of an Apache htpasswd file: bcrypt ({@code $2a$ $2b$ $2y$}) and {@code {SHA}}
 * entries. A bcrypt check costs tens of milliseconds, so successful checks are remembered (by a
 * digest of user and password, never the password itself) and the authenticator declares itself
 * blocking.
 */
public final class HtpasswdFile implements ProxyAuthenticator {

  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, String> hashes;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  private HtpasswdFile(Map<String, String> hashes) {
    this.hashes = Map.copyOf(hashes);
  }

  /** Reads {@code file}; errors name the file and the line. */
  public static HtpasswdFile load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read htpasswd file " + file + ": " + e, e);
    }
    Map<String, String> hashes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String where = file + " line " + (i + 1);
      if (colon <= 0) {
        throw new IllegalArgumentException(where + ": expected user:hash");
      }
      String hash = line.substring(colon + 1);
      if (!isBcrypt(hash) && !hash.startsWith("{SHA}")) {
        throw new IllegalArgumentException(where + ": unsupported hash (use bcrypt, htpasswd -B, or {SHA}, htpasswd -s)");
      }
      hashes.put(line.substring(0, colon), hash);
    }
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException("htpasswd file " + file + " has no users");
    }
    return new HtpasswdFile(hashes);
  }

  @Override
  public boolean authenticate(String user, String password) {
    String hash = hashes.get(user);
    if (hash == null) {
      return false;
    }
    String key = Base64.getEncoder().encodeToString(SingleUser.digest(user, password));
    if (verified.contains(key)) {
      return true;
    }
    boolean ok = isBcrypt(hash) ? OpenBSDBCrypt.checkPassword(hash, password.toCharArray()) : sha1Matches(hash, password);
    if (ok && verified.size() < MAX_REMEMBERED) {
      verified.add(key);
    }
    return ok;
  }

  @Override
  public boolean isBlocking() {
    return hashes.values().stream().anyMatch(HtpasswdFile::isBcrypt);
  }

  private static boolean isBcrypt(String hash) {
    return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
  }

  private static boolean sha1Matches(String hash, String password) {
    try {
      byte[] actual = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
      byte[] expected = Base64.getDecoder().decode(hash.substring("{SHA}".length()));
      return MessageDigest.isEqual(expected, actual);
    } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
      return false;
    }
  }
}
