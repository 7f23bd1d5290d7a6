package io.mgd.core.config;

import io.mgd.core.config.PyToken.Kind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Splits Python config source into tokens, following Python's own lexical rules for the parts
 * configs use: logical lines (newlines inside brackets and after a backslash do not end a
 * statement), comments, names, int and float literals, and string literals with prefixes,
 * triple quotes and escapes. Indentation is only ever an error, since configs have no blocks.
 */
final class PyLexer {
    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...",
        "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
        "^=", "@=", ":=", "<<", ">>",
        "(", ")", "[", "]", "{", "}", ",", ":", "=", ".", "+", "-", "*", "/", "%", "<", ">",
        "&", "|", "^", "~", "@", ";"};
    private static final Set<String> STRING_PREFIXES =
            Set.of("r", "u", "b", "f", "br", "rb", "fr", "rf");

    private final String src;
    private final String file;
    /** Tokens scanned but not yet handed out. */
    private final Deque<PyToken> pending = new ArrayDeque<>();
    /** Open brackets, so a missing close can name where it was opened. */
    private final Deque<PyToken> brackets = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int lineStart;
    private boolean atLineStart = true;
    private boolean lastWasNewline = true;
    private boolean finished;

    private PyLexer(String src, String file) {
        this.src = src.startsWith("\uFEFF") ? src.substring(1) : src;
        this.file = file;
    }

    /**
     * A lexer over {@code src}; {@code file} only labels error messages. It scans lazily, so the
     * first error in source order is the one reported, whether the lexer or the parser finds it.
     */
    static PyLexer of(String src, String file) {
        return new PyLexer(src, file);
    }

    /** The next token; at the end, {@link Kind#EOF} again and again. */
    PyToken next() {
        while (pending.isEmpty()) {
            step();
        }
        return pending.size() == 1 && pending.peek().kind() == Kind.EOF ? pending.peek() : pending.poll();
    }

    /** A {@code file:line:col: message} error, the format every parse error uses. */
    static ConfigException error(String file, int line, int col, String message) {
        return new ConfigException(file + ":" + line + ":" + col + ": " + message);
    }

    private ConfigException error(int atPos, String message) {
        return error(file, line, atPos - lineStart + 1, message);
    }

    /** Scans one lexical element; it may queue no token (blanks, comments). */
    private void step() {
        if (pos >= src.length()) {
            finish();
            return;
        }
        char c = src.charAt(pos);
        if (atLineStart && brackets.isEmpty()) {
            int first = skipBlank();
            if (first >= src.length()) {
                pos = first;
                return;
            }
            char f = src.charAt(first);
            if (f == '\n' || f == '\r' || f == '#') {
                pos = first;
                skipCommentAndNewline();
                return;
            }
            if (first > pos) {
                throw error(first, "unexpected indent (config files have no indented blocks)");
            }
            atLineStart = false;
            return;
        }
        if (c == ' ' || c == '\t' || c == '\f') {
            pos++;
        } else if (c == '#') {
            while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                pos++;
            }
        } else if (c == '\\') {
            int next = pos + 1;
            if (next >= src.length()) {
                throw error(pos, "unexpected end of file after line continuation character");
            }
            if (src.charAt(next) != '\n' && src.charAt(next) != '\r') {
                throw error(pos, "unexpected character after line continuation character");
            }
            pos = next;
            newline();
        } else if (c == '\n' || c == '\r') {
            if (brackets.isEmpty()) {
                add(Kind.NEWLINE, "\\n", null, pos);
                atLineStart = true;
            }
            newline();
        } else if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            number();
        } else if (c == '\'' || c == '"') {
            string("", pos);
        } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
            name();
        } else {
            operator();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        if (!brackets.isEmpty()) {
            PyToken open = brackets.peek();
            throw error(file, open.line(), open.col(), "'" + open.text() + "' was never closed");
        }
        if (!lastWasNewline) {
            add(Kind.NEWLINE, "\\n", null, pos);
        }
        add(Kind.EOF, "", null, pos);
        finished = true;
    }

    /** Returns the index of the first character that is not a space, tab or form feed. */
    private int skipBlank() {
        int p = pos;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t' || src.charAt(p) == '\f')) {
            p++;
        }
        return p;
    }

    private void skipCommentAndNewline() {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
        if (pos < src.length()) {
            newline();
        }
    }

    /** Consumes a {@code \n}, {@code \r\n} or {@code \r} at {@code pos}. */
    private void newline() {
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private PyToken add(Kind kind, String text, Object value, int start) {
        return queue(new PyToken(kind, text, value, line, start - lineStart + 1));
    }

    private PyToken queue(PyToken t) {
        pending.add(t);
        lastWasNewline = t.kind() == Kind.NEWLINE;
        return t;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean isIdentPart(int p) {
        return p < src.length() && (Character.isUnicodeIdentifierPart(src.charAt(p)) || src.charAt(p) == '_');
    }

    private void name() {
        int start = pos;
        while (isIdentPart(pos)) {
            pos++;
        }
        String text = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')
                && STRING_PREFIXES.contains(text.toLowerCase())) {
            string(text.toLowerCase(), start);
            return;
        }
        add(Kind.NAME, text, null, start);
    }

    private void number() {
        int start = pos;
        if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char r = Character.toLowerCase(src.charAt(pos + 1));
            int radix = r == 'x' ? 16 : r == 'o' ? 8 : 2;
            pos += 2;
            while (isIdentPart(pos)) {
                pos++;
            }
            String digits = src.substring(start + 2, pos);
            if (!digits.matches("(_?[0-9a-fA-F])+")) {
                throw error(start, "invalid number literal '" + src.substring(start, pos) + "'");
            }
            try {
                add(Kind.INT, src.substring(start, pos), Long.parseLong(digits.replace("_", ""), radix), start);
            } catch (NumberFormatException e) {
                throw error(start, "invalid or too large integer literal '" + src.substring(start, pos)
                        + "' (ints must fit in 64 bits)");
            }
            return;
        }
        boolean isFloat = false;
        scanDigits();
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            scanDigits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                isFloat = true;
                scanDigits();
            } else {
                pos = save;
            }
        }
        String text = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw error(start, "complex number literal '" + text + "j' is not supported");
        }
        if (isIdentPart(pos) || text.contains("__") || text.endsWith("_") || text.contains("_.")
                || text.contains("._") || text.matches(".*_[eE].*|.*[eE][+-]?_.*")) {
            throw error(start, "invalid decimal literal '" + text + "'");
        }
        String clean = text.replace("_", "");
        if (isFloat) {
            add(Kind.FLOAT, text, Double.parseDouble(clean), start);
            return;
        }
        if (clean.length() > 1 && clean.startsWith("0") && !clean.matches("0+")) {
            throw error(start, "leading zeros in decimal integer literals are not permitted ('" + text + "')");
        }
        try {
            add(Kind.INT, text, Long.parseLong(clean), start);
        } catch (NumberFormatException e) {
            throw error(start, "integer literal '" + text + "' is too large (ints must fit in 64 bits)");
        }
    }

    private void scanDigits() {
        while (pos < src.length() && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    private void string(String prefix, int start) {
        if (prefix.contains("b")) {
            throw error(start, "bytes literal is not supported");
        }
        if (prefix.contains("f")) {
            throw error(start, "f-string is not supported");
        }
        boolean raw = prefix.contains("r");
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        int startLine = line;
        int startCol = start - lineStart + 1;
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(file, startLine, startCol, (triple ? "unterminated triple-quoted string literal"
                        : "unterminated string literal"));
            }
            char c = src.charAt(pos);
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                break;
            }
            if (c == '\n' || c == '\r') {
                if (!triple) {
                    throw error(file, startLine, startCol, "unterminated string literal");
                }
                sb.append('\n');
                newline();
            } else if (c == '\\') {
                escape(sb, raw);
            } else {
                sb.append(c);
                pos++;
            }
        }
        String text = src.substring(start, pos);
        queue(new PyToken(Kind.STRING, text, sb.toString(), startLine, startCol));
    }

    /** Handles a backslash inside a string literal at {@code pos}. */
    private void escape(StringBuilder sb, boolean raw) {
        int at = pos;
        if (pos + 1 >= src.length()) {
            throw error(at, "unterminated string literal");
        }
        char n = src.charAt(pos + 1);
        if (n == '\n' || n == '\r') {
            pos++;
            if (raw) {
                sb.append('\\').append('\n');
            }
            newline();
            return;
        }
        pos += 2;
        if (raw) {
            // A raw string keeps the backslash; it only stops the next quote from ending the string.
            sb.append('\\').append(n);
            return;
        }
        switch (n) {
            case '\\', '\'', '"' -> sb.append(n);
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'v' -> sb.append('\u000b');
            case 'x' -> sb.appendCodePoint(hex(at, 2, "\\xXX"));
            case 'u' -> sb.appendCodePoint(hex(at, 4, "\\uXXXX"));
            case 'U' -> {
                int cp = hex(at, 8, "\\UXXXXXXXX");
                if (cp > Character.MAX_CODE_POINT) {
                    throw error(at, "illegal Unicode character in \\U escape");
                }
                sb.appendCodePoint(cp);
            }
            case 'N' -> sb.appendCodePoint(namedChar(at));
            default -> {
                if (n >= '0' && n <= '7') {
                    int v = n - '0';
                    for (int k = 0; k < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; k++) {
                        v = v * 8 + (src.charAt(pos++) - '0');
                    }
                    sb.append((char) v);
                } else {
                    // Python keeps unknown escapes as written (with a warning).
                    sb.append('\\').append(n);
                }
            }
        }
    }

    private int hex(int at, int count, String form) {
        if (pos + count > src.length() || !src.substring(pos, pos + count).matches("[0-9a-fA-F]+")) {
            throw error(at, "truncated " + form + " escape");
        }
        long v = Long.parseLong(src.substring(pos, pos + count), 16);
        pos += count;
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    private int namedChar(int at) {
        int close = src.indexOf('}', pos);
        if (pos >= src.length() || src.charAt(pos) != '{' || close < 0) {
            throw error(at, "malformed \\N character escape");
        }
        String name = src.substring(pos + 1, close);
        pos = close + 1;
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            throw error(at, "unknown Unicode character name '" + name + "'");
        }
    }

    private void operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                int start = pos;
                pos += op.length();
                PyToken tok = add(Kind.OP, op, null, start);
                if ("([{".contains(op)) {
                    brackets.push(tok);
                } else if (")]}".contains(op)) {
                    closeBracket(tok);
                }
                return;
            }
        }
        int cp = src.codePointAt(pos);
        throw error(pos, String.format("invalid character '%s' (U+%04X)", new String(Character.toChars(cp)), cp));
    }

    private void closeBracket(PyToken close) {
        if (brackets.isEmpty()) {
            throw error(file, close.line(), close.col(), "unmatched '" + close.text() + "'");
        }
        PyToken open = brackets.pop();
        String expected = switch (open.text()) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "}";
        };
        if (!expected.equals(close.text())) {
            throw error(file, close.line(), close.col(), "closing parenthesis '" + close.text()
                    + "' does not match opening parenthesis '" + open.text() + "' on line " + open.line());
        }
    }
}
