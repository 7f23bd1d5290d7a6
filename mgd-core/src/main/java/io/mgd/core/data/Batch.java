package io.mgd.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One collated batch: stacked tensors as {@link NDArray}s (e.g. {@code img} N×C×H×W float32,
 * {@code gt_label} N int64) and everything else as per-sample lists (e.g. {@code img_metas}).
 * Its arrays live in the manager given to the loader; {@link #close()} frees them.
 */
public final class Batch implements AutoCloseable {
    private final Map<String, Object> fields;
    private final List<NDArray> arrays;
    private final int size;

    private Batch(Map<String, Object> fields, List<NDArray> arrays, int size) {
        this.fields = Collections.unmodifiableMap(fields);
        this.arrays = arrays;
        this.size = size;
    }

    /** Turns host-collated fields into a batch, creating the NDArrays in {@code manager}. */
    static Batch create(Map<String, Object> host, int size, NDManager manager) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<NDArray> arrays = new ArrayList<>();
        try {
            for (Map.Entry<String, Object> e : host.entrySet()) {
                if (e.getValue() instanceof HostArray h) {
                    NDArray a = h.toNDArray(manager);
                    arrays.add(a);
                    fields.put(e.getKey(), a);
                } else {
                    fields.put(e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException ex) {
            arrays.forEach(NDArray::close);
            throw ex;
        }
        return new Batch(fields, arrays, size);
    }

    /** All fields by key: {@link NDArray} or {@code List<Object>}. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** The stacked array for {@code key}; fails naming the available keys if absent or not an array. */
    public NDArray getArray(String key) {
        if (fields.get(key) instanceof NDArray a) {
            return a;
        }
        throw new MgdException("batch has no array '" + key + "'; fields are " + fields.keySet()
                + " (Collect keys decide which fields a batch has)");
    }

    /** The per-sample list for {@code key} (e.g. {@code img_metas}). */
    @SuppressWarnings("unchecked")
    public List<Object> getList(String key) {
        if (fields.get(key) instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new MgdException("batch has no list '" + key + "'; fields are " + fields.keySet());
    }

    /** Frees the arrays this batch created (idempotent). */
    @Override
    public void close() {
        arrays.forEach(NDArray::close);
    }
}
