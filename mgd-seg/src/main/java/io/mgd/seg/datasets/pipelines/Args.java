package io.mgd.seg.datasets.pipelines;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** Argument shapes mmseg pipeline steps accept: (a, b) int pairs, lists of pairs, number ranges. */
final class Args {
    private Args() {}

    /** A tuple/list of two integers (a config may write them as 512 or 512.0). */
    static int[] pair(Object v, String component, String key) {
        if (v instanceof List<?> l && l.size() == 2 && integral(l.get(0)) && integral(l.get(1))) {
            return new int[] {((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue()};
        }
        throw new ConfigException(component + ": argument '" + key + "' expects a tuple of two ints, got "
                + ConfigDict.describe(v));
    }

    /** {@code None} → null; one (a, b) tuple → a one-element list; a list of tuples → the list. */
    static List<int[]> scales(Object v, String component, String key) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l && l.size() == 2 && integral(l.get(0)) && integral(l.get(1))) {
            return List.of(pair(l, component, key));
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            List<int[]> out = new ArrayList<>();
            for (Object s : l) {
                out.add(pair(s, component, key));
            }
            return List.copyOf(out);
        }
        throw new ConfigException(component + ": argument '" + key
                + "' expects a (w, h) tuple or a list of tuples, got " + ConfigDict.describe(v));
    }

    /** A number or a list of numbers as doubles; {@code None} → null. */
    static double[] numbers(Object v, String component, String key) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
            return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        throw new ConfigException(component + ": argument '" + key + "' expects a number or a list of numbers, got "
                + ConfigDict.describe(v));
    }

    /** A (low, high) pair of numbers with low ≤ high. */
    static double[] range(double[] v, String component, String key) {
        check(v != null && v.length == 2 && v[0] <= v[1], component,
                key + " must be a (min, max) pair with min <= max, got " + (v == null ? "None" : java.util.Arrays.toString(v)));
        return v;
    }

    static void check(boolean ok, String component, String message) {
        if (!ok) {
            throw new ConfigException(component + ": " + message);
        }
    }

    private static boolean integral(Object o) {
        return o instanceof Long || o instanceof Integer
                || o instanceof Double d && d == Math.rint(d) && !d.isInfinite();
    }
}
