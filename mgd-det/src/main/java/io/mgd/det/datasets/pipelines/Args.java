package io.mgd.det.datasets.pipelines;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.config.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Argument shapes mmdet pipelines accept. YAML has no tuples, so a scale written {@code [1333,
 * 800]} is one scale and {@code [[1333, 640], [1333, 800]]} a list of scales, as
 * {@code (1333, 800)} and {@code [(1333, 640), (1333, 800)]} are in a Python config.
 */
final class Args {
    private Args() {}

    /** One {@code (a, b)} pair of ints. */
    static int[] pair(Object v, String component, String key) {
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b
                && isInt(a) && isInt(b)) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw new ConfigException(component + ": argument '" + key + "' expects a pair of ints, got "
                + ConfigDict.describe(v));
    }

    /** A scale or a list of scales, as a list of pairs (mmdet's {@code img_scale}). */
    static List<int[]> scales(Object v, String component, String key) {
        if (v instanceof List<?> l && !l.isEmpty() && !(v instanceof Tuple) && l.get(0) instanceof List<?>) {
            List<int[]> out = new ArrayList<>();
            for (Object x : l) {
                out.add(pair(x, component, key));
            }
            return out;
        }
        return List.of(pair(v, component, key));
    }

    /** A number or a list of numbers, as doubles. */
    static double[] numbers(Object v, String component, String key) {
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
            return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        throw new ConfigException(component + ": argument '" + key + "' expects a number or a list of numbers, got "
                + ConfigDict.describe(v));
    }

    /** A string or a list of strings. */
    static List<String> strings(Object v, String component, String key) {
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof String)) {
            return l.stream().map(String.class::cast).toList();
        }
        throw new ConfigException(component + ": argument '" + key + "' expects a string or a list of strings, got "
                + ConfigDict.describe(v));
    }

    /**
     * mmdet's {@code pad_val}: a dict {@code {img, masks, seg}} or (deprecated) one number used for
     * images and masks; returns the image value(s).
     */
    static double[] imagePadValue(Object v, String component) {
        if (v instanceof Map<?, ?> m) {
            return m.containsKey("img") ? numbers(m.get("img"), component, "pad_val.img") : new double[] {0};
        }
        return numbers(v, component, "pad_val");
    }

    static void check(boolean ok, String component, String message) {
        if (!ok) {
            throw new ConfigException(component + ": " + message);
        }
    }

    private static boolean isInt(Number n) {
        return n instanceof Long || n instanceof Integer;
    }
}
