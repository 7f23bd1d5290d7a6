package io.mgd.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.util.MgdException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One collated mini-batch: named fields (images as {@link NDArray}, labels, per-image metas or
 * any other object) plus the number of samples, which weights the logged averages like mmcv's
 * {@code num_samples}. {@link #close()} closes every array (and {@link NDList}) it holds, so a
 * loader that builds arrays outside the step's scope (e.g. in a prefetch thread) leaks nothing.
 */
public final class Batch implements AutoCloseable {
    private final Map<String, Object> fields;
    private final int batchSize;

    /**
     * @param fields named values in collation order (copied)
     * @param batchSize number of samples, at least 1
     */
    public Batch(Map<String, ?> fields, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.fields = new LinkedHashMap<>(fields);
        this.batchSize = batchSize;
    }

    /** The image field of mmcv batches ({@code img}: one array, or a list for test-time augmentation). */
    public static final String IMG = "img";

    /**
     * Turns host-collated fields into a batch, creating the NDArrays in {@code manager}; the
     * {@value #IMG} arrays get {@code imgFormat}.
     */
    static Batch create(Map<String, Object> host, int size, ai.djl.ndarray.NDManager manager,
            MemoryFormat imgFormat) {
        Map<String, Object> fields = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Object> e : host.entrySet()) {
                Object v = toArrays(e.getValue(), manager);
                fields.put(e.getKey(), v); // held first, so the catch below closes it if toFormat fails
                // arrays made from host data are row-major already
                if (IMG.equals(e.getKey()) && imgFormat != MemoryFormat.CONTIGUOUS_FORMAT) {
                    fields.put(e.getKey(), toFormat(v, imgFormat));
                }
            }
        } catch (RuntimeException ex) {
            new Batch(fields, size).close();
            throw ex;
        }
        return new Batch(fields, size);
    }

    /** {@code v} (an array or a list of arrays) in {@code format}; replaced arrays are closed. */
    private static Object toFormat(Object v, MemoryFormat format) {
        if (v instanceof NDArray a) {
            NDArray out = format.apply(a);
            if (out != a) {
                a.close();
            }
            return out;
        }
        if (v instanceof NDList l) {
            NDList out = new NDList(l.size());
            for (NDArray a : l) {
                out.add((NDArray) toFormat(a, format));
            }
            return out;
        }
        return v;
    }

    /** A host array becomes an NDArray; a list of host arrays (one per augmentation) an {@link NDList}. */
    private static Object toArrays(Object v, ai.djl.ndarray.NDManager manager) {
        if (v instanceof HostArray h) {
            return h.toNDArray(manager);
        }
        if (v instanceof java.util.List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof HostArray)) {
            NDList out = new NDList(l.size());
            try {
                for (Object x : l) {
                    out.add(((HostArray) x).toNDArray(manager));
                }
            } catch (RuntimeException ex) {
                out.close();
                throw ex;
            }
            return out;
        }
        return v;
    }

    /** Number of samples (same as {@link #batchSize()}). */
    public int size() {
        return batchSize;
    }

    /** The per-sample list for {@code name} (e.g. {@code img_metas}). */
    @SuppressWarnings("unchecked")
    public java.util.List<Object> getList(String name) {
        Object v = get(name);
        if (!(v instanceof java.util.List<?> l)) {
            throw new MgdException("batch field '" + name + "' is not a per-sample list; fields are " + fields.keySet());
        }
        return (java.util.List<Object>) l;
    }

    /** Number of samples in this batch. */
    public int batchSize() {
        return batchSize;
    }

    /** All fields, read-only, in insertion order. */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** Whether a field is present. */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** A field, or an error naming the fields that exist. */
    public Object get(String name) {
        if (!fields.containsKey(name)) {
            throw new MgdException("batch has no field '" + name + "'; fields are " + fields.keySet());
        }
        return fields.get(name);
    }

    /** A field that must be an {@link NDArray}. */
    public NDArray getArray(String name) {
        Object v = get(name);
        if (!(v instanceof NDArray a)) {
            throw new MgdException("batch field '" + name + "' is a "
                    + (v == null ? "null" : v.getClass().getSimpleName()) + ", expected an NDArray");
        }
        return a;
    }

    @Override
    public void close() {
        for (Object v : fields.values()) {
            if (v instanceof NDArray a && !a.isReleased()) {
                a.close();
            } else if (v instanceof NDList l) {
                l.close();
            }
        }
    }
}
