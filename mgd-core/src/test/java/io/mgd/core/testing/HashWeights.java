package io.mgd.core.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deterministic "random" weights of {@code tools/golden/make_backbone_fixtures.py}: tensor
 * {@code t} of a state dict (in order) is filled from a 32-bit integer hash of (index,
 * {@code base + t}), with per-kind scaling, identically in Python and Java. Lets full-size
 * models be checked against PyTorch without committing their weights.
 */
public final class HashWeights {
    private HashWeights() {}

    /** n values in [0, 1), exactly as {@code hash_uniform} in the script. */
    public static double[] uniform(int n, long seed) {
        long s = (seed * 0x9E3779B9L) & 0xFFFFFFFFL;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long x = (i + s) & 0xFFFFFFFFL;
            x = (x * 0x85EBCA6BL) & 0xFFFFFFFFL;
            x ^= x >>> 13;
            x = (x * 0xC2B2AE35L) & 0xFFFFFFFFL;
            x ^= x >>> 16;
            out[i] = x / 4294967296.0;
        }
        return out;
    }

    /** The generated value of one state-dict tensor ({@code fill} in the script). */
    public static NDArray fill(NDManager m, String key, Shape shape, long seed) {
        int n = (int) shape.size();
        if (key.endsWith("num_batches_tracked")) {
            return m.create(new long[n], shape);
        }
        double[] u = uniform(n, seed);
        float[] v = new float[n];
        double scale = shape.dimension() >= 2 ? Math.sqrt(6.0 / (shape.size() / shape.get(0))) : 0;
        for (int i = 0; i < n; i++) {
            double x;
            if (key.endsWith("running_mean")) {
                x = (2 * u[i] - 1) * 0.1;
            } else if (key.endsWith("running_var")) {
                x = 0.5 + u[i];
            } else if (shape.dimension() == 1 && key.endsWith("weight")) {
                x = 0.2 + 0.5 * u[i];
            } else if (shape.dimension() == 1) {
                x = (2 * u[i] - 1) * 0.1;
            } else {
                x = (2 * u[i] - 1) * scale;
            }
            v[i] = (float) x;
        }
        return m.create(v, shape);
    }

    /** Generated values for every key of {@code template} (a model's state dict), seeds base+t. */
    public static Map<String, NDArray> stateDict(NDManager m, Map<String, NDArray> template, long base) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        long t = 0;
        for (Map.Entry<String, NDArray> e : template.entrySet()) {
            out.put(e.getKey(), fill(m, e.getKey(), e.getValue().getShape(), base + t++));
        }
        return out;
    }
}
