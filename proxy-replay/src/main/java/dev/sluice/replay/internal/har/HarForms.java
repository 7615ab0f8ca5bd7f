package dev.sluice.replay.internal.har;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.replay.internal.FormFields;
import dev.sluice.replay.internal.UrlEncodedPairs;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Request bodies and queries that request-centric HAR files (API clients, documentation tools)
 * give as lists of fields rather than as text: {@code postData.params} become a form or a
 * multipart body, and {@code queryString} entries missing from the URL are added to it.
 */
final class HarForms {

  /** The boundary used when a multipart {@code Content-Type} names none. */
  static final String BOUNDARY = "----SluiceHarImportBoundary";

  private HarForms() {}

  /** The body of a form in {@code params}: multipart when {@code mimeType} says so, else URL-encoded. */
  static byte[] body(JsonNode params, String mimeType) {
    if (mimeType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return multipart(params, boundary(mimeType));
    }
    StringBuilder form = new StringBuilder();
    for (JsonNode param : params) {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(URLEncoder.encode(param.path("name").asText(""), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(param.path("value").asText(""), StandardCharsets.UTF_8));
    }
    return form.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The boundary of a multipart {@code Content-Type}, or {@link #BOUNDARY}. */
  static String boundary(String contentType) {
    String boundary = FormFields.boundary(contentType);
    return boundary == null ? BOUNDARY : boundary;
  }

  private static byte[] multipart(JsonNode params, String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode param : params) {
      StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(param.path("name").asText("")).append('"');
      if (param.path("fileName").isTextual()) {
        head.append("; filename=\"").append(param.path("fileName").asText()).append('"');
      }
      head.append("\r\n");
      if (param.path("contentType").isTextual()) {
        head.append("Content-Type: ").append(param.path("contentType").asText()).append("\r\n");
      }
      head.append("\r\n").append(param.path("value").asText("")).append("\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** {@code url} with the {@code queryString} entries it does not already carry appended. */
  static String withQuery(String url, JsonNode queryString) {
    if (!queryString.isArray() || queryString.isEmpty()) {
      return url;
    }
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    int question = base.indexOf('?');
    Set<String> present = new LinkedHashSet<>();
    if (question >= 0) {
      for (String item : base.substring(question + 1).split("&")) {
        present.add(UrlEncodedPairs.decode(item));
        if (item.indexOf('=') < 0) {
          // "?shown" is listed as {"name": "shown", "value": ""}: the same parameter
          present.add(UrlEncodedPairs.decode(item) + "=");
        }
      }
    }
    StringBuilder out = new StringBuilder(base);
    char separator = question < 0 ? '?' : '&';
    for (JsonNode pair : queryString) {
      String item = pair.path("name").asText("") + "=" + pair.path("value").asText("");
      if (!present.contains(item) && !present.contains(UrlEncodedPairs.decode(item))) {
        present.add(item);
        present.add(UrlEncodedPairs.decode(item));
        out.append(separator).append(item);
        separator = '&';
      }
    }
    return out.toString();
  }
}
