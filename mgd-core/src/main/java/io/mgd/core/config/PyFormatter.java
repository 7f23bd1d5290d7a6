package io.mgd.core.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes config values as Python literals: {@code repr}-style one-liners and the multi-line
 * {@code pretty_text} form, where a value that does not fit on its line is broken one item a
 * line. Everything written reads back through {@link PyConfigParser} to the same values and types.
 */
final class PyFormatter {
    private static final int WIDTH = 79;
    private static final int INDENT = 4;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PyFormatter() {}

    /** True when {@code key} can be written as {@code key=value} inside {@code dict(...)}. */
    static boolean isIdentifier(String key) {
        return IDENTIFIER.matcher(key).matches() && !PyTokenStream.KEYWORDS.contains(key);
    }

    /**
     * The whole config as Python assignments, one top-level key per assignment.
     *
     * @throws ConfigException when a top-level key cannot be a Python variable name
     */
    static String prettyText(Map<String, Object> dict) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            String k = e.getKey();
            if (!isIdentifier(k) || k.startsWith("__")) {
                throw new ConfigException("top-level key '" + k + "' cannot be written as a Python "
                        + "variable (it must be an identifier not starting with '__'); dump as yaml or json");
            }
            String prefix = k + " = ";
            sb.append(prefix).append(format(e.getValue(), 0, prefix.length())).append('\n');
        }
        return sb.toString();
    }

    /** {@code v} as a one-line Python literal. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return stringRepr(s);
        }
        if (v instanceof Double d) {
            return floatLiteral(d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "dict()";
            }
            boolean kw = m.keySet().stream().allMatch(k -> isIdentifier(String.valueOf(k)));
            StringBuilder sb = new StringBuilder(kw ? "dict(" : "{");
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                sb.append(sep).append(kw ? k + "=" : stringRepr(k) + ": ").append(repr(e.getValue()));
                sep = ", ";
            }
            return sb.append(kw ? ")" : "}").toString();
        }
        if (v instanceof List<?> l) {
            boolean tuple = v instanceof Tuple;
            StringBuilder sb = new StringBuilder(tuple ? "(" : "[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            }
            if (tuple && l.size() == 1) {
                sb.append(',');
            }
            return sb.append(tuple ? ")" : "]").toString();
        }
        throw new ConfigException("cannot write a " + v.getClass().getName() + " as a Python literal");
    }

    /**
     * Formats {@code v} at nesting {@code indent} when {@code used} columns of its first line are
     * already taken; containers that do not fit are broken one item a line.
     */
    private static String format(Object v, int indent, int used) {
        String flat = repr(v);
        boolean container = v instanceof Map<?, ?> m ? !m.isEmpty() : v instanceof List<?> l && !l.isEmpty();
        if (!container || indent + used + flat.length() + 1 <= WIDTH) {
            return flat;
        }
        String pad = " ".repeat(indent + INDENT);
        StringBuilder sb = new StringBuilder();
        if (v instanceof Map<?, ?> m) {
            boolean kw = m.keySet().stream().allMatch(k -> isIdentifier(String.valueOf(k)));
            sb.append(kw ? "dict(\n" : "{\n");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                String head = kw ? k + "=" : stringRepr(k) + ": ";
                sb.append(pad).append(head).append(format(e.getValue(), indent + INDENT, head.length())).append(",\n");
            }
            sb.append(" ".repeat(indent)).append(kw ? ")" : "}");
        } else {
            boolean tuple = v instanceof Tuple;
            sb.append(tuple ? "(\n" : "[\n");
            for (Object item : (List<?>) v) {
                sb.append(pad).append(format(item, indent + INDENT, 0)).append(",\n");
            }
            sb.append(" ".repeat(indent)).append(tuple ? ")" : "]");
        }
        return sb.toString();
    }

    /** Python's {@code repr(str)}: single quotes unless the text has ' but no ". */
    static String stringRepr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp == q) {
                        sb.append('\\').append(q);
                    } else if (isPrintable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x100) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return sb.append(q).toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int t = Character.getType(cp);
        return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
                || t == Character.PRIVATE_USE || t == Character.UNASSIGNED || t == Character.SPACE_SEPARATOR
                || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR);
    }

    /** A float literal that reads back in Python and here: {@code float('inf')} for non-finite. */
    static String floatLiteral(double d) {
        if (Double.isNaN(d)) {
            return "float('nan')";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "float('inf')" : "-float('inf')";
        }
        return floatRepr(d);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double,
     * positional for exponents -4..15 ({@code 0.0001}, {@code 100.0}), else {@code 7e-05}.
     */
    static String floatRepr(double d) {
        return io.mgd.core.util.PyText.floatRepr(d);
    }
}
