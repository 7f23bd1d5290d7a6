package io.mgd.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --cfg-options KEY=VALUE ...} the way mmcv's {@code DictAction} does, so a command
 * line written for the MMLab tools means the same here.
 */
public final class CfgOptions {
    private CfgOptions() {}

    /**
     * Splits each pair at its first {@code =} and parses the value: quotes at the ends are
     * stripped and whitespace removed; then an int, a float, {@code true}/{@code false} in any case,
     * or else a string ({@code None} stays the string {@code 'None'}). {@code a,b} and
     * {@code [a,b]} are lists, {@code (a,b)} a {@link Tuple}, nesting allowed. A later pair with
     * the same key wins.
     *
     * @throws ConfigException naming the argument when it has no {@code =}, an empty key or
     *     unbalanced brackets
     */
    public static Map<String, Object> parseOptions(List<String> kvPairs) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (String kv : kvPairs) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("--cfg-options: '" + kv + "' is not KEY=VALUE (no '=')");
            }
            if (eq == 0) {
                throw new ConfigException("--cfg-options: '" + kv + "' has an empty key");
            }
            try {
                options.put(kv.substring(0, eq), parseIterable(kv.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--cfg-options: '" + kv + "': " + e.getMessage());
            }
        }
        return options;
    }

    /**
     * Parses one value as {@code DictAction._parse_iterable} does.
     *
     * @throws ConfigException when brackets are unbalanced
     */
    public static Object parseValue(String value) {
        try {
            return parseIterable(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--cfg-options: cannot parse value '" + value + "': " + e.getMessage());
        }
    }

    private static Object parseIterable(String raw) {
        // mmcv strips any run of quote characters at both ends, then drops the spaces inside.
        String val = stripQuotes(raw).replaceAll("\\s", "");
        boolean tuple = false;
        boolean bracketed = true;
        if (val.startsWith("(") && val.endsWith(")")) {
            tuple = true;
            val = val.substring(1, val.length() - 1);
        } else if (val.startsWith("[") && val.endsWith("]")) {
            val = val.substring(1, val.length() - 1);
        } else if (val.indexOf(',') < 0) {
            return parseScalar(val);
        } else {
            bracketed = false;
        }
        List<Object> values = new ArrayList<>();
        while (!val.isEmpty()) {
            int comma = nextComma(val);
            if (!bracketed && values.isEmpty() && comma == val.length()) {
                // Commas only inside brackets, yet no brackets around the whole ('[1,2]x'):
                // mmcv recurses on the same text forever.
                throw new IllegalArgumentException("unexpected text around brackets in '" + val + "'");
            }
            values.add(parseIterable(val.substring(0, comma)));
            val = comma >= val.length() ? "" : val.substring(comma + 1);
        }
        return tuple ? Tuple.copyOf(values) : values;
    }

    private static String stripQuotes(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && (s.charAt(b) == '\'' || s.charAt(b) == '"')) {
            b++;
        }
        while (e > b && (s.charAt(e - 1) == '\'' || s.charAt(e - 1) == '"')) {
            e--;
        }
        return s.substring(b, e);
    }

    /** Index of the first comma outside brackets, or the length when there is none. */
    private static int nextComma(String s) {
        if (count(s, '(') != count(s, ')') || count(s, '[') != count(s, ']')) {
            throw new IllegalArgumentException("unbalanced brackets in '" + s + "'");
        }
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    /** DictAction's {@code _parse_int_float_bool}. */
    private static Object parseScalar(String val) {
        Long i = PyOps.parseInt(val);
        if (i != null) {
            return i;
        }
        Double d = PyOps.parseFloat(val);
        if (d != null) {
            return d;
        }
        if (val.equalsIgnoreCase("true") || val.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(val);
        }
        return val;
    }
}
