package dev.sluice.api.internal.filter;

/** One lexical unit of a filter expression and where it starts. */
record Token(Kind kind, String text, int position) {

  /** What a token is. */
  enum Kind {
    /** {@code (} */
    OPEN,
    /** {@code )} */
    CLOSE,
    /** {@code !} */
    NOT,
    /** {@code &} */
    AND,
    /** {@code |} */
    OR,
    /** {@code ~name}; the text is the name without the tilde. */
    FLAG,
    /** An unquoted word. */
    WORD,
    /** A quoted string; the text is unquoted with its escapes resolved. */
    QUOTED,
    /** The end of the expression. */
    END
  }

  /** Whether this token can begin an operand (and so continue a juxtaposition). */
  boolean startsOperand() {
    return switch (kind) {
      case OPEN, NOT, FLAG, WORD, QUOTED -> true;
      default -> false;
    };
  }
}
