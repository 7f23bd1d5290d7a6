package io.mgd.core.config;

import io.mgd.core.config.PyToken.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates Python expressions over config values: literals, adjacent-string concatenation,
 * {@code dict(...)} with keywords and {@code **}, dict/list/tuple displays, earlier names (deep
 * copies), indexing, {@code float(x)} and arithmetic. It never executes code; anything else is a
 * {@code file:line:col} error saying what is not supported.
 */
abstract class PyExpressionParser extends PyTokenStream {
    static final Set<String> EXPRESSION_KEYWORDS =
            Set.of("and", "or", "not", "in", "is", "if", "else", "for", "lambda", "await", "yield");

    /** Names visible to expressions, in definition order (Python's module dict order). */
    final Map<String, Object> vars = new LinkedHashMap<>();

    PyExpressionParser(String src, String file) {
        super(src, file);
    }

    /** {@code expr (',' expr)* [',']}: a bare comma makes a tuple. */
    /** {@code expr (',' expr)* [',']}: a bare comma makes a tuple. */
    final Object testlist() {
        Object first = expr();
        if (!peek().isOp(",")) {
            return first;
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (endsTestlist(peek())) {
                break;
            }
            items.add(expr());
        }
        return Tuple.copyOf(items);
    }

    private static boolean endsTestlist(PyToken t) {
        return t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF
                || (t.kind() == Kind.OP && List.of("=", ";", ")", "]", "}", ":").contains(t.text()));
    }

    private Object expr() {
        Object v = arith();
        PyToken t = peek();
        if (t.kind() == Kind.NAME && EXPRESSION_KEYWORDS.contains(t.text())) {
            throw fail(t, "'" + t.text() + "' is not supported");
        }
        if (t.kind() == Kind.OP && List.of("==", "!=", "<", ">", "<=", ">=", "&", "|", "^", "<<", ">>",
                "@", ":=", "->").contains(t.text())) {
            throw fail(t, "operator '" + t.text() + "' is not supported");
        }
        return v;
    }

    private Object arith() {
        Object v = term();
        while (peek().isOp("+") || peek().isOp("-")) {
            PyToken op = next();
            v = apply(op, v, term());
        }
        return v;
    }

    private Object term() {
        Object v = factor();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            PyToken op = next();
            v = apply(op, v, factor());
        }
        return v;
    }

    private Object factor() {
        PyToken t = peek();
        if (t.isOp("+") || t.isOp("-")) {
            next();
            Object v = factor();
            try {
                return PyOps.unary(t.text(), v);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw fail(t, e.getMessage());
            }
        }
        if (t.isOp("~")) {
            throw fail(t, "operator '~' is not supported");
        }
        Object v = primary();
        if (peek().isOp("**")) {
            PyToken op = next();
            v = apply(op, v, factor());
        }
        return v;
    }

    private Object apply(PyToken op, Object a, Object b) {
        try {
            return PyOps.binary(op.text(), a, b);
        } catch (IllegalArgumentException e) {
            throw fail(op, e.getMessage());
        }
    }

    private Object primary() {
        Object v = atom();
        while (true) {
            PyToken t = peek();
            if (t.isOp("[")) {
                next();
                v = subscript(t, v);
            } else if (t.isOp(".")) {
                PyToken name = peek(1);
                throw fail(t, "attribute access '." + (name.kind() == Kind.NAME ? name.text() : "") + "' is not supported");
            } else if (t.isOp("(")) {
                throw fail(t, "calling a " + PyOps.typeName(v) + " value is not supported");
            } else {
                return v;
            }
        }
    }

    private Object subscript(PyToken open, Object container) {
        Object key = expr();
        if (peek().isOp(":") || peek().isOp(",")) {
            throw fail(peek(), "slicing is not supported");
        }
        expectOp("]");
        if (container instanceof ConfigDict d && key instanceof String k) {
            if (!d.containsKey(k)) {
                throw fail(open, "KeyError: key '" + k + "' not found");
            }
            return d.get(k);
        }
        if ((container instanceof List || container instanceof String) && key instanceof Long idx) {
            int size = container instanceof String s ? s.length() : ((List<?>) container).size();
            long at = idx < 0 ? idx + size : idx;
            if (at < 0 || at >= size) {
                throw fail(open, "IndexError: " + PyOps.typeName(container) + " index " + idx + " out of range");
            }
            return container instanceof String s ? String.valueOf(s.charAt((int) at))
                    : ((List<?>) container).get((int) at);
        }
        throw fail(open, "indexing a " + PyOps.typeName(container) + " with a " + PyOps.typeName(key)
                + " is not supported");
    }

    private Object atom() {
        PyToken t = next();
        switch (t.kind()) {
            case INT, FLOAT:
                return t.value();
            case STRING: {
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().kind() == Kind.STRING) {
                    sb.append((String) next().value()); // adjacent literals concatenate
                }
                return sb.toString();
            }
            case NAME:
                return name(t);
            case OP:
                switch (t.text()) {
                    case "(":
                        return parenthesized();
                    case "[":
                        return list();
                    case "{":
                        return dictDisplay();
                    case "*", "**":
                        throw fail(t, "'" + t.text() + "' unpacking is not supported here");
                    case "...":
                        throw fail(t, "Ellipsis is not supported");
                    default:
                        throw unexpected(t, "a value");
                }
            default:
                throw unexpected(t, "a value");
        }
    }

    private Object name(PyToken t) {
        String n = t.text();
        switch (n) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                break;
        }
        if (KEYWORDS.contains(n)) {
            throw fail(t, "'" + n + "' is not supported");
        }
        if (peek().isOp("(") && !vars.containsKey(n)) {
            next();
            if (n.equals("dict")) {
                return dictCall();
            }
            if (n.equals("float")) {
                return floatCall(t);
            }
            throw fail(t, "function call '" + n + "(...)' is not supported");
        }
        if (!vars.containsKey(n)) {
            throw fail(t, "name '" + n + "' is not defined");
        }
        // Python would share the object; a copy keeps later merges from editing both places.
        return ConfigDict.deepCopyValue(vars.get(n));
    }

    private Object parenthesized() {
        if (acceptOp(")")) {
            return Tuple.of();
        }
        Object first = expr();
        if (acceptOp(")")) {
            return first;
        }
        if (!peek().isOp(",")) {
            throw unexpected(peek(), "',' or ')'");
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (peek().isOp(")")) {
                break;
            }
            items.add(expr());
        }
        expectOp(")");
        return Tuple.copyOf(items);
    }

    private Object list() {
        List<Object> items = new ArrayList<>();
        while (!acceptOp("]")) {
            items.add(expr());
            if (!acceptOp(",")) {
                expectOp("]");
                break;
            }
        }
        return items;
    }

    private ConfigDict dictDisplay() {
        ConfigDict d = new ConfigDict();
        while (!acceptOp("}")) {
            PyToken start = peek();
            if (acceptOp("**")) {
                d.putAll(mapping(start, expr()));
            } else {
                Object key = expr();
                if (!peek().isOp(":")) {
                    throw fail(peek().isOp(",") || peek().isOp("}") ? start : peek(),
                            peek().isOp(",") || peek().isOp("}") ? "set literal is not supported"
                                    : "expected ':' after dict key, found " + peek().describe());
                }
                next();
                if (!(key instanceof String k)) {
                    throw fail(start, "dict key " + PyOps.typeName(key) + " is not supported (keys must be strings)");
                }
                d.put(k, expr());
            }
            if (!acceptOp(",")) {
                expectOp("}");
                break;
            }
        }
        return d;
    }

    /** {@code dict(...)} after the opening parenthesis; Python's duplicate-keyword rules apply. */
    private ConfigDict dictCall() {
        ConfigDict d = new ConfigDict();
        Set<String> keywords = new HashSet<>();
        int positional = 0;
        while (!acceptOp(")")) {
            PyToken start = peek();
            if (acceptOp("**")) {
                for (Map.Entry<String, Object> e : mapping(start, expr()).entrySet()) {
                    putKeyword(d, keywords, start, e.getKey(), e.getValue());
                }
            } else if (start.kind() == Kind.NAME && peek(1).isOp("=")) {
                if (KEYWORDS.contains(start.text())) {
                    throw fail(start, "'" + start.text() + "' cannot be a keyword argument");
                }
                next();
                next();
                putKeyword(d, keywords, start, start.text(), expr());
            } else if (start.isOp("*")) {
                throw fail(start, "'*' unpacking is not supported here");
            } else {
                if (!keywords.isEmpty()) {
                    throw fail(start, "positional argument follows keyword argument");
                }
                if (positional++ > 0) {
                    throw fail(start, "dict expected at most 1 positional argument");
                }
                d.putAll(mapping(start, expr()));
            }
            if (!acceptOp(",")) {
                expectOp(")");
                break;
            }
        }
        return d;
    }

    private void putKeyword(ConfigDict d, Set<String> keywords, PyToken at, String key, Object value) {
        if (!keywords.add(key)) {
            throw fail(at, "dict() got multiple values for keyword argument '" + key + "'");
        }
        d.put(key, value);
    }

    private ConfigDict mapping(PyToken at, Object v) {
        if (!(v instanceof ConfigDict d)) {
            throw fail(at, "'**' needs a dict, got " + PyOps.typeName(v));
        }
        return d;
    }

    /** {@code float(x)}, so {@code float('inf')} (which prettyText writes) reads back. */
    private Object floatCall(PyToken at) {
        Object v = expr();
        acceptOp(",");
        expectOp(")");
        if (v instanceof Long || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        Double d = v instanceof String s ? PyOps.parseFloat(s.strip()) : null;
        if (d == null) {
            throw fail(at, "could not convert " + PyOps.typeName(v) + " " + v + " to float");
        }
        return d;
    }
}
