package io.mgd.core.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmcv's {@code LogBuffer}: per-key histories of values with sample counts, and an
 * {@link #output()} of count-weighted averages in first-seen key order (which fixes the key order
 * of log lines). Hooks may also put non-averaged entries (metrics) into the output directly.
 */
public final class LogBuffer {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, List<Integer>> counts = new LinkedHashMap<>();
    private final Map<String, Object> output = new LinkedHashMap<>();
    private boolean ready;

    /** Appends one value per key, weighted by {@code count} samples. */
    public void update(Map<String, Double> vars, int count) {
        vars.forEach((k, v) -> {
            values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            counts.computeIfAbsent(k, x -> new ArrayList<>()).add(count);
        });
    }

    /** Same as {@code update(Map.of(key, value), 1)}. */
    public void update(String key, double value) {
        update(Map.of(key, value), 1);
    }

    /** Averages the latest {@code n} values of every key ({@code n == 0}: all) into the output. */
    public void average(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        values.forEach((k, vs) -> {
            List<Integer> ns = counts.get(k);
            int from = n == 0 ? 0 : Math.max(0, vs.size() - n);
            double sum = 0;
            double total = 0;
            for (int i = from; i < vs.size(); i++) {
                sum += vs.get(i) * ns.get(i);
                total += ns.get(i);
            }
            output.put(k, sum / total);
        });
        ready = true;
    }

    /** Drops histories and output. */
    public void clear() {
        values.clear();
        counts.clear();
        clearOutput();
    }

    /** Drops the output and the ready flag; histories stay. */
    public void clearOutput() {
        output.clear();
        ready = false;
    }

    /** The averaged (and hook-added) values, mutable like mmcv's {@code log_buffer.output}. */
    public Map<String, Object> output() {
        return output;
    }

    /** Whether the output holds a line to log. */
    public boolean ready() {
        return ready;
    }

    /** Marks the output as ready (evaluation hooks do after filling it). */
    public void setReady(boolean flag) {
        ready = flag;
    }
}
