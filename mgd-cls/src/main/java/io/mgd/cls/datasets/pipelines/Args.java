package io.mgd.cls.datasets.pipelines;

import io.mgd.core.config.ConfigException;
import java.util.List;

/** Argument shapes mmcls accepts: an int or an (h, w) pair; a number or one per channel. */
final class Args {
    private Args() {}

    /** {@code int → (v, v)}, {@code (h, w) → (h, w)}. */
    static int[] pair(Object v, String component, String key) {
        if (v instanceof Long l) {
            return new int[] {l.intValue(), l.intValue()};
        }
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Long a && l.get(1) instanceof Long b) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw new ConfigException(component + ": argument '" + key + "' expects an int or an (h, w) pair of ints, got "
                + io.mgd.core.config.ConfigDict.describe(v));
    }

    /** A number or a list of numbers, as doubles. */
    static double[] values(Object v, String component, String key) {
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
            return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        throw new ConfigException(component + ": argument '" + key + "' expects a number or a list of numbers, got "
                + io.mgd.core.config.ConfigDict.describe(v));
    }

    static void check(boolean ok, String component, String message) {
        if (!ok) {
            throw new ConfigException(component + ": " + message);
        }
    }

    static void cv2Backend(String backend, String component) {
        check(backend.equals("cv2"), component, "backend '" + backend + "' is not supported; only 'cv2'");
    }
}
