package dev.sluice.api;

/**
 * What a request lets you read: where it goes, its method and target, and the parts of every
 * {@link Message}. A kept flow ({@link Flow}) has its request as this read-only type; in a live
 * {@link HttpFlow} it is an {@link HttpRequest} that hooks change.
 *
 * <pre>{@code
 * Request request = Request.builder()
 *     .method("POST")
 *     .url("http://127.0.0.1:8080/login")
 *     .header("Content-Type", "application/json")
 *     .content("{\"user\":\"ada\"}".getBytes(UTF_8))
 *     .build();
 * CompletableFuture<Flow> replayed = proxy.replay(request);
 * }</pre>
 */
public sealed interface Request extends Message permits HttpRequest {

  /** A builder for a {@code GET http://localhost/} request, to adjust. */
  static HttpRequest.Builder builder() {
    return new HttpRequest.Builder();
  }

  /** The method, as sent ({@code GET}, {@code POST}, ...). */
  String method();

  /** {@code http} or {@code https}. */
  String scheme();

  /** The host the request goes to (an IPv6 literal without brackets). */
  String host();

  /** The port the request goes to. */
  int port();

  /** The authority of an absolute-form or {@code CONNECT} target as written, empty for origin form. */
  String authority();

  /** The origin-form target exactly as sent ({@code /search?q=a%2Fb}), never normalised; {@code *} for OPTIONS *. */
  String path();

  /** The full URL, from the scheme, host, port and path (the default port left out). */
  String url();

  /** The host from the {@code Host} header, or {@link #host()} when there is none. */
  String prettyHost();

  /** The URL with the host and port the {@code Host} header names, or {@link #url()} when there is none. */
  String prettyUrl();

  /** A writable builder with this request's values (headers and body copied). */
  HttpRequest.Builder newBuilder();
}
