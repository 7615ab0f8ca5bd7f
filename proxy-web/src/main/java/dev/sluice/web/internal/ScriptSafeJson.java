package dev.sluice.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON text that can sit inside an HTML {@code <script>} element: {@code <}, {@code >} and
 * {@code &} are written as JSON's unicode escapes (so no flow can close the element or open
 * a comment in it), and so are U+2028 and U+2029. Still plain JSON to any parser.
 *
 * <pre>{@code
 * String json = ScriptSafeJson.write(ScriptSafeJson.object().put("body", "</script>"));
 * // no '<' in it: the body is written with a unicode escape instead
 * }</pre>
 */
public final class ScriptSafeJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setCharacterEscapes(new Escapes());
  }

  private ScriptSafeJson() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** {@code node} as script-safe JSON text. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree did not serialise: " + e.getMessage(), e);
    }
  }

  private static final class Escapes extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
      ASCII['<'] = ESCAPE_STANDARD;
      ASCII['>'] = ESCAPE_STANDARD;
      ASCII['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
