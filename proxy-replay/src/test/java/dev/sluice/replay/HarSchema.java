package dev.sluice.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of the HAR 1.2 JSON schema (as har-validator checks them) for the parts Sluice
 * writes: required properties, their types and formats. Returns what is wrong, empty when valid.
 */
final class HarSchema {

  private final List<String> problems = new ArrayList<>();

  private HarSchema() {}

  static List<String> violations(JsonNode har) {
    HarSchema schema = new HarSchema();
    schema.log(har.path("log"));
    return schema.problems;
  }

  private void log(JsonNode log) {
    string(log, "version", ".log");
    string(log.path("creator"), "name", ".log.creator");
    string(log.path("creator"), "version", ".log.creator");
    array(log, "entries", ".log");
    for (int i = 0; i < log.path("entries").size(); i++) {
      entry(log.path("entries").get(i), ".log.entries[" + i + "]");
    }
  }

  private void entry(JsonNode e, String at) {
    if (string(e, "startedDateTime", at)) {
      try {
        OffsetDateTime.parse(e.get("startedDateTime").asText());
      } catch (RuntimeException ex) {
        problems.add(at + ".startedDateTime is not a date-time");
      }
    }
    if (!e.path("time").isNumber() || e.path("time").asDouble() < 0) {
      problems.add(at + ".time must be a number >= 0");
    }
    request(e.path("request"), at + ".request");
    response(e.path("response"), at + ".response");
    if (!e.path("cache").isObject()) {
      problems.add(at + ".cache must be an object");
    }
    JsonNode timings = e.path("timings");
    for (String field : List.of("send", "wait", "receive")) {
      if (!timings.path(field).isNumber() || timings.path(field).asDouble() < -1) {
        problems.add(at + ".timings." + field + " must be a number >= -1");
      }
    }
    if (e.has("serverIPAddress")) {
      String ip = e.get("serverIPAddress").asText();
      if (!ip.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
        problems.add(at + ".serverIPAddress is not an IP address: " + ip);
      } else {
        try {
          InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException ex) {
          problems.add(at + ".serverIPAddress is not an IP address: " + ip);
        }
      }
    }
  }

  private void request(JsonNode r, String at) {
    string(r, "method", at);
    if (string(r, "url", at)) {
      try {
        URI uri = new URI(r.get("url").asText());
        if (!uri.isAbsolute()) {
          problems.add(at + ".url is not absolute");
        }
      } catch (java.net.URISyntaxException ex) {
        problems.add(at + ".url is not a URI: " + ex.getMessage());
      }
    }
    string(r, "httpVersion", at);
    pairs(r, "cookies", at);
    pairs(r, "headers", at);
    pairs(r, "queryString", at);
    integer(r, "headersSize", at);
    integer(r, "bodySize", at);
    if (r.has("postData")) {
      string(r.get("postData"), "mimeType", at + ".postData");
    }
  }

  private void response(JsonNode r, String at) {
    integer(r, "status", at);
    string(r, "statusText", at);
    string(r, "httpVersion", at);
    pairs(r, "cookies", at);
    pairs(r, "headers", at);
    integer(r.path("content"), "size", at + ".content");
    string(r.path("content"), "mimeType", at + ".content");
    string(r, "redirectURL", at);
    integer(r, "headersSize", at);
    integer(r, "bodySize", at);
  }

  private void pairs(JsonNode node, String field, String at) {
    if (array(node, field, at)) {
      for (int i = 0; i < node.get(field).size(); i++) {
        string(node.get(field).get(i), "name", at + "." + field + "[" + i + "]");
        string(node.get(field).get(i), "value", at + "." + field + "[" + i + "]");
      }
    }
  }

  private boolean string(JsonNode node, String field, String at) {
    return check(node.path(field).isTextual(), at + "." + field + " must be a string");
  }

  private void integer(JsonNode node, String field, String at) {
    check(node.path(field).isIntegralNumber(), at + "." + field + " must be an integer");
  }

  private boolean array(JsonNode node, String field, String at) {
    return check(node.path(field).isArray(), at + "." + field + " must be an array");
  }

  private boolean check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
    return ok;
  }
}
