package dev.sluice.core.internal;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The proxy's own name-to-address table (the {@code hosts} option, as BrowserUp remaps hosts):
 * a connection to a name in it goes to its address instead of what DNS says, while everything
 * else keeps the name. Entries are {@code name=address}: a host name or IP address (any case),
 * and an IPv4 or IPv6 address ({@code [::1]} or {@code ::1}); a later entry for a name wins.
 *
 * <pre>{@code
 * HostAddresses hosts = HostAddresses.of(List.of("api.example.test=127.0.0.1"));
 * hosts.lookup("API.example.test");   // API.example.test/127.0.0.1
 * }</pre>
 */
public final class HostAddresses {

  /** No entries: every name is resolved as usual. */
  public static final HostAddresses NONE = new HostAddresses(Map.of());

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?|[0-9A-Fa-f:.%]+");

  private final Map<String, InetAddress> addresses;

  private HostAddresses(Map<String, InetAddress> addresses) {
    this.addresses = addresses;
  }

  /**
   * The table of {@code entries}, each {@code name=address}.
   *
   * @throws IllegalArgumentException quoting an entry that is not a host name, {@code =} and an IP address
   */
  public static HostAddresses of(List<String> entries) {
    Map<String, InetAddress> addresses = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("\"" + entry
            + "\": expected name=address, such as api.example.test=127.0.0.1");
      }
      String name = entry.substring(0, equals).strip();
      String address = entry.substring(equals + 1).strip();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("\"" + entry + "\": \"" + name + "\" is not a host name");
      }
      boolean bracketed = address.startsWith("[") && address.endsWith("]");
      byte[] bytes = NetUtil.createByteArrayFromIpAddressString(
          bracketed ? address.substring(1, address.length() - 1) : address);
      if (bytes == null) {
        throw new IllegalArgumentException("\"" + entry + "\": \"" + address + "\" is not an IP address");
      }
      addresses.put(name.toLowerCase(Locale.ROOT), named(name, bytes));
    }
    return addresses.isEmpty() ? NONE : new HostAddresses(Map.copyOf(addresses));
  }

  /** The address {@code host} is remapped to, carrying the name {@code host}; null when it is not in the table. */
  public InetAddress lookup(String host) {
    InetAddress address = addresses.get(host.toLowerCase(Locale.ROOT));
    return address == null ? null : named(host, address.getAddress());
  }

  /** The table: names in lower case, each to its address. */
  public Map<String, InetAddress> asMap() {
    return addresses;
  }

  @Override
  public String toString() {
    return "HostAddresses" + addresses;
  }

  private static InetAddress named(String name, byte[] address) {
    try {
      return InetAddress.getByAddress(name, address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + address.length + " bytes", e);
    }
  }
}
