package io.mgd.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mmcv's {@code Config._merge_a_into_b}: the child's values win, dicts merge recursively, and
 * everything else (lists and tuples included) replaces. {@code _delete_=True} in a child dict
 * drops the base dict at that key. With {@code allowListKeys} (used for {@code --cfg-options}),
 * a numeric key indexes an element of a base list.
 */
final class ConfigMerger {
    static final String DELETE_KEY = "_delete_";

    private final String source;
    private final boolean allowListKeys;

    /**
     * @param source what the child is, for error messages (a file name or {@code --cfg-options})
     * @param allowListKeys whether numeric keys may index lists
     */
    ConfigMerger(String source, boolean allowListKeys) {
        this.source = source;
        this.allowListKeys = allowListKeys;
    }

    /**
     * Returns {@code base} with {@code child} merged in. {@code base} is copied level by level as
     * it is changed, never edited; {@code child} loses its {@code _delete_} flags, as in mmcv.
     */
    ConfigDict merge(ConfigDict child, ConfigDict base) {
        return (ConfigDict) mergeInto(child, base, "");
    }

    private Object mergeInto(ConfigDict a, Object b, String path) {
        if (b instanceof List<?> list && !(b instanceof Tuple)) {
            return mergeIntoList(a, list, path);
        }
        ConfigDict out = new ConfigDict();
        out.putAll((ConfigDict) b);
        for (Map.Entry<String, Object> e : a.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            String at = path.isEmpty() ? k : path + "." + k;
            // mmcv pops _delete_ only when the base has the key, so a new dict keeps its flag.
            if (v instanceof ConfigDict child && out.containsKey(k) && !truthy(child.remove(DELETE_KEY))) {
                Object old = out.get(k);
                boolean mergeable = old instanceof ConfigDict
                        || (allowListKeys && old instanceof List && !(old instanceof Tuple));
                if (!mergeable) {
                    throw new ConfigException(source + ": '" + at + "' is a dict in the child config but "
                            + ConfigDict.describe(old) + " in the base config; set " + DELETE_KEY
                            + "=True in the child dict to replace the base value");
                }
                out.put(k, mergeInto(child, old, at));
            } else {
                out.put(k, v);
            }
        }
        return out;
    }

    private List<Object> mergeIntoList(ConfigDict a, List<?> list, String path) {
        List<Object> out = new ArrayList<>(list);
        for (Map.Entry<String, Object> e : a.entrySet()) {
            String k = e.getKey();
            String at = path + "." + k;
            if (!allowListKeys || !k.matches("\\d+")) {
                throw new ConfigException(source + ": '" + at + "': '" + path
                        + "' is a list, so the next key must be an index, not '" + k + "'");
            }
            int idx;
            try {
                idx = Integer.parseInt(k);
            } catch (NumberFormatException ex) {
                idx = Integer.MAX_VALUE;
            }
            if (idx >= out.size()) {
                throw new ConfigException(source + ": '" + at + "': index " + k + " is out of range for '"
                        + path + "', a list of length " + out.size());
            }
            Object v = e.getValue();
            Object old = out.get(idx);
            if (v instanceof ConfigDict child && (old instanceof ConfigDict
                    || (old instanceof List && !(old instanceof Tuple)))) {
                out.set(idx, mergeInto(child, old, at));
            } else {
                // mmcv fails here (it calls .items() on a non-dict); replacing the element is what
                // `pipeline.1=X` plainly asks for.
                out.set(idx, v);
            }
        }
        return out;
    }

    /** Python truthiness of a config value (None, False, 0, 0.0 and empty are false). */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }
}
