package io.mgd.core.config;

import io.mgd.core.config.PyToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Token cursor and error helpers shared by the Python config parsers. */
abstract class PyTokenStream {
    /** Python's reserved words. */
    static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
            "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
            "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private final PyLexer lexer;
    /** Tokens pulled from the lexer so far; the parser looks at most two ahead. */
    private final List<PyToken> toks = new ArrayList<>();
    private final String file;
    private int i;

    PyTokenStream(String src, String file) {
        this.lexer = PyLexer.of(src, file);
        this.file = file;
    }

    static boolean isLiteralName(String n) {
        return n.equals("True") || n.equals("False") || n.equals("None");
    }

    PyToken peek() {
        return peek(0);
    }

    PyToken peek(int ahead) {
        while (toks.size() <= i + ahead) {
            toks.add(lexer.next());
        }
        return toks.get(i + ahead);
    }

    PyToken next() {
        PyToken t = peek();
        if (t.kind() != Kind.EOF) {
            i++;
        }
        return t;
    }

    boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            next();
            return true;
        }
        return false;
    }

    void expectOp(String op) {
        if (!acceptOp(op)) {
            throw unexpected(peek(), "'" + op + "'");
        }
    }

    ConfigException fail(PyToken at, String message) {
        return PyLexer.error(file, at.line(), at.col(), message);
    }

    /** An error for a token the grammar does not allow here, naming Python features we skip. */
    ConfigException unexpected(PyToken t, String expected) {
        if (t.kind() == Kind.NAME && KEYWORDS.contains(t.text()) && !isLiteralName(t.text())) {
            return fail(t, "'" + t.text() + "' is not supported");
        }
        return fail(t, "invalid syntax: expected " + expected + ", found " + t.describe());
    }
}
