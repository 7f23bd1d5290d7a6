package io.mgd.core.config;

/**
 * One token of a Python config file.
 *
 * @param kind what the token is
 * @param text the source text (operators, names) or a readable form (literals)
 * @param value the literal's value: {@link Long}, {@link Double} or {@link String}; else null
 * @param line 1-based line of the first character
 * @param col 1-based column of the first character
 */
record PyToken(Kind kind, String text, Object value, int line, int col) {

    /** Token kinds; Python keywords arrive as {@link #NAME} and the parser tells them apart. */
    enum Kind { NAME, INT, FLOAT, STRING, OP, NEWLINE, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String t) {
        return is(Kind.OP, t);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case NEWLINE -> "end of line";
            case EOF -> "end of file";
            case STRING -> "string " + text;
            default -> "'" + text + "'";
        };
    }
}
