package io.mgd.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered, mutable config mapping, like mmcv's addict-based {@code ConfigDict}.
 *
 * <p>Values are: {@code ConfigDict}, {@link List} (Python list), {@link Tuple}, {@link String},
 * {@link Long} (Python int), {@link Double} (Python float), {@link Boolean} or {@code null}
 * (None). Loaders normalise every value to these types, so consumers can rely on them.
 */
public final class ConfigDict extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    public ConfigDict() {}

    public ConfigDict(Map<String, ?> source) {
        source.forEach((k, v) -> put(k, normalize(v)));
    }

    /** Builds a dict from alternating keys and values: {@code ConfigDict.of("type", "BN")}. */
    public static ConfigDict of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("ConfigDict.of needs key/value pairs");
        }
        ConfigDict d = new ConfigDict();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            d.put((String) keysAndValues[i], normalize(keysAndValues[i + 1]));
        }
        return d;
    }

    /**
     * Converts plain Java values (maps, lists, arrays, ints, floats) into config value types,
     * recursively. Already-normalised values are returned as they are (dicts deep-copied).
     */
    public static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            if (b.bitLength() > 63) {
                throw new ConfigException("integer " + b + " does not fit in 64 bits");
            }
            return b.longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            ConfigDict d = new ConfigDict();
            m.forEach((k, val) -> d.put(String.valueOf(k), normalize(val)));
            return d;
        }
        if (v instanceof Tuple t) {
            List<Object> items = new ArrayList<>(t.size());
            t.forEach(x -> items.add(normalize(x)));
            return Tuple.copyOf(items);
        }
        if (v instanceof List<?> l) {
            List<Object> items = new ArrayList<>(l.size());
            l.forEach(x -> items.add(normalize(x)));
            return items;
        }
        if (v instanceof int[] a) {
            List<Object> items = new ArrayList<>();
            for (int x : a) {
                items.add((long) x);
            }
            return Tuple.copyOf(items);
        }
        if (v instanceof Object[] a) {
            return normalize(Tuple.of(a));
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        throw new ConfigException("unsupported config value of type " + v.getClass().getName());
    }

    /** A deep copy: nested dicts and lists are copied, leaves are immutable already. */
    public ConfigDict deepCopy() {
        return (ConfigDict) deepCopyValue(this);
    }

    /** Deep copy of any config value. */
    public static Object deepCopyValue(Object v) {
        if (v instanceof ConfigDict d) {
            ConfigDict c = new ConfigDict();
            d.forEach((k, x) -> c.put(k, deepCopyValue(x)));
            return c;
        }
        if (v instanceof Tuple t) {
            return Tuple.copyOf(t.stream().map(ConfigDict::deepCopyValue).toList());
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            l.forEach(x -> c.add(deepCopyValue(x)));
            return c;
        }
        return v;
    }

    /** The nested dict at {@code key}, or {@code null} when absent or None. */
    public ConfigDict getDict(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ConfigDict d)) {
            throw new ConfigException("config key '" + key + "' must be a dict, got " + describe(v));
        }
        return d;
    }

    /** The string at {@code key}, or {@code def} when absent. */
    public String getString(String key, String def) {
        if (!containsKey(key)) {
            return def;
        }
        Object v = get(key);
        if (v != null && !(v instanceof String)) {
            throw new ConfigException("config key '" + key + "' must be a string, got " + describe(v));
        }
        return (String) v;
    }

    /** Looks up a dotted path ({@code model.backbone.depth}); list indices allowed. */
    public Object getPath(String dotted) {
        Object cur = this;
        for (String part : dotted.split("\\.")) {
            if (cur instanceof Map<?, ?> m && m.containsKey(part)) {
                cur = m.get(part);
            } else if (cur instanceof List<?> l && part.matches("\\d+")
                    && Integer.parseInt(part) < l.size()) {
                cur = l.get(Integer.parseInt(part));
            } else {
                throw new ConfigException("config has no key '" + dotted + "' (missing '" + part + "')");
            }
        }
        return cur;
    }

    /** A short description of a value's type for error messages. */
    public static String describe(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof ConfigDict) {
            return "dict";
        }
        if (v instanceof Tuple) {
            return "tuple " + v;
        }
        if (v instanceof List) {
            return "list " + v;
        }
        if (v instanceof String s) {
            return "string '" + s + "'";
        }
        if (v instanceof Long) {
            return "int " + v;
        }
        if (v instanceof Double) {
            return "float " + v;
        }
        if (v instanceof Boolean b) {
            return "bool " + (b ? "True" : "False");
        }
        return v.getClass().getSimpleName();
    }
}
