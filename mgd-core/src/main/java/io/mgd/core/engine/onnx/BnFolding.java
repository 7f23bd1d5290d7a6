package io.mgd.core.engine.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds eval-mode BatchNormalization into the Conv that feeds it: with {@code s = γ / sqrt(var + ε)},
 * {@code W' = W · s} (per output channel) and {@code b' = (b − mean) · s + β}. A BatchNorm is
 * folded only when its input comes straight from a Conv whose output nothing else reads (another
 * branch, or a graph output of a hooked conv), so every remaining value keeps its meaning. The
 * folded weights are new initializers; the originals are dropped later if unused.
 */
final class BnFolding {
    private BnFolding() {}

    /** Rewrites {@code nodes} in place; returns how many BatchNorms were folded. */
    static int fold(List<GraphNode> nodes, Map<String, Initializer> inits) {
        Map<String, GraphNode> producer = new HashMap<>();
        Map<String, Integer> readers = new HashMap<>();
        for (GraphNode n : nodes) {
            n.outputs().forEach(o -> producer.put(o, n));
            n.inputs().forEach(i -> readers.merge(i, 1, Integer::sum));
        }
        Set<GraphNode> removed = new HashSet<>();
        int folded = 0;
        for (GraphNode bn : nodes) {
            if (!"BatchNormalization".equals(bn.op())) {
                continue;
            }
            String x = bn.inputs().get(0);
            GraphNode conv = producer.get(x);
            if (conv == null || !"Conv".equals(conv.op()) || readers.get(x) != 1
                    || !bn.inputs().subList(1, 5).stream().allMatch(inits::containsKey)
                    || !conv.inputs().subList(1, conv.inputs().size()).stream().allMatch(inits::containsKey)) {
                continue;
            }
            foldInto(conv, bn, inits);
            conv.outputs().set(0, bn.outputs().get(0));
            removed.add(bn);
            folded++;
        }
        for (Iterator<GraphNode> it = nodes.iterator(); it.hasNext();) {
            if (removed.contains(it.next())) {
                it.remove();
            }
        }
        return folded;
    }

    private static void foldInto(GraphNode conv, GraphNode bn, Map<String, Initializer> inits) {
        Initializer w = inits.get(conv.inputs().get(1));
        Initializer b = conv.inputs().size() > 2 ? inits.get(conv.inputs().get(2)) : null;
        float[] gamma = inits.get(bn.inputs().get(1)).floats();
        float[] beta = inits.get(bn.inputs().get(2)).floats();
        float[] mean = inits.get(bn.inputs().get(3)).floats();
        float[] var = inits.get(bn.inputs().get(4)).floats();
        double eps = ((Number) bn.attrs().getOrDefault("epsilon", 1e-5f)).doubleValue();
        int out = (int) w.dims()[0];
        int per = w.floats().length / out;
        float[] nw = new float[w.floats().length];
        float[] nb = new float[out];
        for (int c = 0; c < out; c++) {
            double s = gamma[c] / Math.sqrt(var[c] + eps);
            for (int i = 0; i < per; i++) {
                nw[c * per + i] = (float) (w.floats()[c * per + i] * s);
            }
            double bias = b == null ? 0 : b.floats()[c];
            nb[c] = (float) ((bias - mean[c]) * s + beta[c]);
        }
        String wName = conv.name() + "/folded_weight";
        String bName = conv.name() + "/folded_bias";
        inits.put(wName, Initializer.ofFloats(wName, w.dims(), nw));
        inits.put(bName, Initializer.ofFloats(bName, new long[] {out}, nb));
        conv.inputs().set(1, wName);
        if (conv.inputs().size() > 2) {
            conv.inputs().set(2, bName);
        } else {
            conv.inputs().add(bName);
        }
    }

    /** Drops initializers no node reads. */
    static void pruneUnused(List<GraphNode> nodes, Map<String, Initializer> inits) {
        Set<String> read = new HashSet<>();
        nodes.forEach(n -> read.addAll(n.inputs()));
        inits.keySet().removeIf(k -> !read.contains(k));
    }
}
