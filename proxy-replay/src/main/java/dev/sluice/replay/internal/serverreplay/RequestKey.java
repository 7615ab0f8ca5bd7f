package dev.sluice.replay.internal.serverreplay;

import dev.sluice.api.GrpcCall;
import dev.sluice.api.Request;
import dev.sluice.replay.ServerReplayOptions;
import dev.sluice.replay.internal.FormFields;
import dev.sluice.replay.internal.UrlEncodedPairs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What server replay compares of a request, as mitmproxy's {@code ServerPlayback._hash} does:
 * scheme, method, path, the body (or its form fields but the ignored ones; not for a gRPC call:
 * its request is streamed, so the {@code request} event, where replay answers, comes before its
 * messages), the host the client
 * meant, the port, the query parameters but the ignored ones, and the values of the headers to use.
 * Two requests match when their keys are equal; the key is a hash-map key.
 *
 * @param scheme the scheme
 * @param method the method
 * @param path the path, without the query
 * @param content the raw body, the kept form fields, or {@code null} when bodies are ignored
 * @param host the host the client meant, or {@code null} when hosts are ignored
 * @param port the port, or -1 when ports are ignored
 * @param query the decoded query parameters but the ignored ones, in order
 * @param headers the values of the headers to use ({@code null} for a missing one), in option order
 */
public record RequestKey(String scheme, String method, String path, Object content, String host, int port,
    List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> headers) {

  /** The key of {@code request} under {@code options}. */
  public static RequestKey of(Request request, ServerReplayOptions options) {
    String target = request.path();
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    List<Map.Entry<String, String>> query = new ArrayList<>();
    if (question >= 0) {
      for (Map.Entry<String, String> pair : UrlEncodedPairs.parse(target.substring(question + 1))) {
        if (!options.ignoreParams().contains(pair.getKey())) {
          query.add(pair);
        }
      }
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String name : options.useHeaders()) {
      List<String> values = request.headers().getAll(name);
      headers.add(new SimpleImmutableEntry<>(name, values.isEmpty() ? null : String.join(", ", values)));
    }
    return new RequestKey(request.scheme(), request.method(), path,
        options.ignoreContent() || GrpcCall.isGrpc(request.headers()) ? null : content(request, options),
        options.ignoreHost() ? null : request.prettyHost(),
        options.ignorePort() ? -1 : request.port(), query, headers);
  }

  /**
   * The raw body, or, when form fields are to be ignored and the body is a non-empty multipart or
   * URL-encoded form, its fields but the ignored ones.
   */
  private static Object content(Request request, ServerReplayOptions options) {
    Set<String> ignored = options.ignorePayloadParams();
    if (!ignored.isEmpty()) {
      String type = request.headers().get("Content-Type");
      String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
      String boundary = lower.startsWith("multipart/form-data") ? FormFields.boundary(type) : null;
      if (boundary != null) {
        List<Map.Entry<String, byte[]>> fields = FormFields.multipart(decoded(request), boundary);
        if (!fields.isEmpty()) {
          return fields.stream().filter(f -> !ignored.contains(f.getKey()))
              .map(f -> Map.entry(f.getKey(), ByteBuffer.wrap(f.getValue()))).toList();
        }
      } else if (lower.startsWith("application/x-www-form-urlencoded")) {
        List<Map.Entry<String, String>> fields =
            UrlEncodedPairs.parse(new String(decoded(request), StandardCharsets.UTF_8));
        if (!fields.isEmpty()) {
          return fields.stream().filter(f -> !ignored.contains(f.getKey())).toList();
        }
      }
    }
    return ByteBuffer.wrap(request.rawContent());
  }

  /** The body without its {@code Content-Encoding}, or as sent when it does not decode. */
  private static byte[] decoded(Request request) {
    try {
      return request.content();
    } catch (IllegalStateException e) {
      return request.rawContent();
    }
  }
}
