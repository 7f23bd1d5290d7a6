package io.mgd.core.config;

import io.mgd.core.config.PyToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads an MMLab {@code .py} config without running Python: a module of {@code name = expr}
 * statements over the literal subset in {@link PyExpressionParser}. {@code import}, {@code def},
 * attribute or augmented assignment and the like are {@code file:line:col} errors.
 */
final class PyConfigParser extends PyExpressionParser {
    private static final Set<String> OPEN = Set.of("(", "[", "{");
    private static final Set<String> CLOSE = Set.of(")", "]", "}");
    private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "%=", "**=",
            "&=", "|=", "^=", ">>=", "<<=", "@=");

    private PyConfigParser(String src, String file) {
        super(src, file);
    }

    /**
     * Evaluates a whole config file and returns its module-level names that do not start with
     * {@code __}, in definition order (as mmcv does when it imports the file).
     */
    static ConfigDict parseModule(String src, String file) {
        PyConfigParser p = new PyConfigParser(src, file);
        while (p.peek().kind() != Kind.EOF) {
            p.statementLine();
        }
        ConfigDict out = new ConfigDict();
        p.vars.forEach((k, v) -> {
            if (!k.startsWith("__")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Evaluates one expression ({@code 1, 2} is a tuple, as in Python's eval). */
    static Object parseExpression(String src, String label) {
        PyConfigParser p = new PyConfigParser(src.strip(), label);
        if (p.peek().kind() == Kind.EOF) {
            throw p.fail(p.peek(), "empty expression");
        }
        PyToken eq = p.findOnLine(t -> t.isOp("=") || AUGMENTED.contains(t.text()));
        if (eq != null) {
            throw p.fail(eq, "assignment '" + eq.text() + "' is not allowed in an expression");
        }
        Object v = p.testlist();
        if (p.peek().kind() == Kind.NEWLINE) {
            p.next();
        }
        if (p.peek().kind() != Kind.EOF) {
            throw p.unexpected(p.peek(), "end of expression");
        }
        return v;
    }

    /** The first operator token outside brackets, up to the end of the statement, that matches. */
    private PyToken findOnLine(Predicate<PyToken> match) {
        int depth = 0;
        for (int k = 0; ; k++) {
            PyToken t = peek(k);
            if (t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF || (depth == 0 && t.isOp(";"))) {
                return null;
            }
            if (t.kind() != Kind.OP) {
                continue;
            }
            if (OPEN.contains(t.text())) {
                depth++;
            } else if (CLOSE.contains(t.text())) {
                depth--;
            } else if (depth == 0 && match.test(t)) {
                return t;
            }
        }
    }

    /** The source of the tokens from here up to (not including) {@code end}, roughly spaced. */
    private String textUpTo(PyToken end) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; peek(k) != end; k++) {
            String text = peek(k).text();
            sb.append(text).append(text.equals(",") ? " " : "");
        }
        return sb.toString().strip();
    }

    private void statementLine() {
        statement();
        while (acceptOp(";")) {
            if (peek().kind() == Kind.NEWLINE) {
                break;
            }
            statement();
        }
        if (peek().kind() != Kind.NEWLINE) {
            throw unexpected(peek(), "end of line");
        }
        next();
    }

    private void statement() {
        PyToken t = peek();
        if (t.kind() == Kind.NAME && (t.text().equals("import") || t.text().equals("from"))) {
            throw fail(t, "'" + t.text() + "' statement is not supported (a config may only assign"
                    + " literal values; write the imported values out)");
        }
        if (t.kind() == Kind.NAME && KEYWORDS.contains(t.text()) && !EXPRESSION_KEYWORDS.contains(t.text())
                && !isLiteralName(t.text())) {
            throw fail(t, "'" + t.text() + "' statement is not supported");
        }
        List<String> targets = new ArrayList<>();
        while (peek().kind() == Kind.NAME && !KEYWORDS.contains(peek().text()) && peek(1).isOp("=")) {
            targets.add(next().text());
            next();
        }
        // Other assignment forms are rejected before evaluating, so the error names the real problem.
        PyToken n = findOnLine(x -> x.isOp("=") || AUGMENTED.contains(x.text()));
        if (n != null && n.isOp("=")) {
            throw fail(n, "assignment to '" + textUpTo(n) + "' is not supported (only 'name = value')");
        }
        if (n != null) {
            throw fail(n, "augmented assignment '" + n.text() + "' is not supported");
        }
        Object value = testlist();
        n = peek();
        if (n.isOp(":")) {
            throw fail(n, "annotated assignment is not supported");
        }
        for (int k = 0; k < targets.size(); k++) {
            vars.put(targets.get(k), k == 0 ? value : ConfigDict.deepCopyValue(value));
        }
    }
}
