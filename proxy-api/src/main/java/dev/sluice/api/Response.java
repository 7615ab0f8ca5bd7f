package dev.sluice.api;

import java.util.Locale;
import java.util.Objects;

/**
 * What a response lets you read: its status, where it came from ({@link #source()}), and the parts
 * of every {@link Message}; and the factories for the responses a hook answers with. A kept flow
 * ({@link Flow}) has its response as this read-only type; in a live {@link HttpFlow} it is an
 * {@link HttpResponse} that hooks change.
 *
 * <pre>{@code
 * // in a hook's request event: answer without contacting the upstream
 * flow.respond(Response.of(404, "text/plain", "no such thing"));
 *
 * flow.respond(Response.builder()
 *     .status(301)
 *     .header("Location", "https://example.com/")
 *     .build());
 * }</pre>
 */
public sealed interface Response extends Message permits HttpResponse {

  /** An empty response with {@code status} and {@code Content-Length: 0}. */
  static HttpResponse of(int status) {
    return builder().status(status).header("Content-Length", "0").build();
  }

  /**
   * A response with a text body, with {@code Content-Type} and {@code Content-Length} set. The
   * text is encoded in the charset that {@code contentType} names; a {@code text/*} type without
   * one gets {@code ; charset=utf-8}, and any other type is sent as UTF-8.
   */
  static HttpResponse of(int status, String contentType, String text) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(text, "text");
    String type = contentType.toLowerCase(Locale.ROOT).contains("charset=") || !contentType.startsWith("text/")
        ? contentType : contentType + "; charset=utf-8";
    HttpResponse response = builder().status(status).header("Content-Type", type).build();
    response.setText(text);
    return response;
  }

  /** A builder for a {@code 200 OK} response from a hook, to adjust. */
  static HttpResponse.Builder builder() {
    return new HttpResponse.Builder();
  }

  /** The standard reason phrase of {@code status}, or an empty string for an unusual one. */
  static String reasonPhrase(int status) {
    return HttpResponse.REASONS.getOrDefault(status, "");
  }

  /** The status code. */
  int statusCode();

  /** The reason phrase, as sent. */
  String reason();

  /** Where this response came from. */
  ResponseSource source();

  /** A writable builder with this response's values (headers and body copied). */
  HttpResponse.Builder newBuilder();
}
