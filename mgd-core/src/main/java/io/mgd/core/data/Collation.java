package io.mgd.core.data;

import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmcv's {@code collate} on plain Java values: per key, {@link HostArray}s and {@link Image}s of
 * equal shape are stacked along a new first axis, {@code Long}/{@code Integer} become an int64
 * vector and {@code Double}/{@code Float} a float64 vector (numpy scalars), anything else
 * (meta dicts, strings, lists) becomes a list with one entry per sample, as mmcv does with
 * {@code DataContainer(cpu_only=True)}. Per-sample lists of equal length holding arrays, images
 * or dicts (what a test-time augmentation such as MultiScaleFlipAug returns: one entry per
 * augmentation) are transposed as mmcv's collate does for sequences: the result has one entry
 * per augmentation, each the stacked arrays or the list of dicts of the batch's samples.
 * Runs in loader threads; creates no NDArray.
 */
final class Collation {
    private Collation() {}

    static Map<String, Object> collate(List<Map<String, Object>> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("cannot collate an empty batch");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : samples.get(0).keySet()) {
            List<Object> values = new ArrayList<>(samples.size());
            for (Map<String, Object> s : samples) {
                if (!s.containsKey(key)) {
                    throw new MgdException("collate: key '" + key + "' is missing from some samples of the batch; "
                            + "every sample must have the same keys (first sample has " + samples.get(0).keySet() + ")");
                }
                values.add(s.get(key));
            }
            out.put(key, collateKey(key, values));
        }
        return out;
    }

    private static Object collateKey(String key, List<Object> values) {
        Object first = values.get(0);
        if (first instanceof HostArray && allOf(values, HostArray.class)) {
            return stack(key, values.stream().map(v -> (HostArray) v).toList());
        }
        if (first instanceof Image && allOf(values, Image.class)) {
            List<HostArray> arrays = new ArrayList<>();
            for (Object v : values) {
                Image im = (Image) v;
                long[] shape = {im.height(), im.width(), im.channels()};
                arrays.add(im.dtype() == Image.DType.UINT8 ? HostArray.ofUint8(im.uint8Data(), shape)
                        : HostArray.ofFloat32(im.float32Data(), shape));
            }
            return stack(key, arrays);
        }
        if (first instanceof List<?> l0 && !l0.isEmpty() && perAugmentation(values, l0.size())) {
            List<Object> out = new ArrayList<>(l0.size());
            for (int a = 0; a < l0.size(); a++) {
                List<Object> column = new ArrayList<>(values.size());
                for (Object v : values) {
                    column.add(((List<?>) v).get(a));
                }
                out.add(column.get(0) instanceof Map<?, ?> ? Collections.unmodifiableList(column)
                        : collateKey(key + "[" + a + "]", column));
            }
            return Collections.unmodifiableList(out);
        }
        if ((first instanceof Long || first instanceof Integer) && allIntegral(values)) {
            long[] data = new long[values.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = ((Number) values.get(i)).longValue();
            }
            return HostArray.ofInt64(data, data.length);
        }
        if ((first instanceof Double || first instanceof Float) && allOf(values, Number.class)) {
            double[] data = new double[values.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = ((Number) values.get(i)).doubleValue();
            }
            return HostArray.ofFloat64(data, data.length);
        }
        return Collections.unmodifiableList(new ArrayList<>(values));
    }

    private static HostArray stack(String key, List<HostArray> arrays) {
        HostArray a0 = arrays.get(0);
        long[] shape = a0.shape();
        int each = a0.size();
        for (HostArray a : arrays) {
            if (a.dtype() != a0.dtype() || !Arrays.equals(a.shape(), shape)) {
                throw new MgdException("collate: cannot stack '" + key + "': samples have " + a0 + " and " + a
                        + "; use a pipeline that gives every sample the same size (e.g. Resize/CenterCrop/Pad)");
            }
        }
        int n = arrays.size();
        long[] outShape = new long[shape.length + 1];
        outShape[0] = n;
        System.arraycopy(shape, 0, outShape, 1, shape.length);
        Object data = switch (a0.dtype()) {
            case UINT8 -> new byte[n * each];
            case INT64 -> new long[n * each];
            case FLOAT32 -> new float[n * each];
            case FLOAT64 -> new double[n * each];
        };
        for (int i = 0; i < n; i++) {
            System.arraycopy(arrays.get(i).data(), 0, data, i * each, each);
        }
        return switch (a0.dtype()) {
            case UINT8 -> HostArray.ofUint8((byte[]) data, outShape);
            case INT64 -> HostArray.ofInt64((long[]) data, outShape);
            case FLOAT32 -> HostArray.ofFloat32((float[]) data, outShape);
            case FLOAT64 -> HostArray.ofFloat64((double[]) data, outShape);
        };
    }

    /** Every value a list of {@code n} entries, all arrays/images or all dicts. */
    private static boolean perAugmentation(List<Object> values, int n) {
        boolean arrays = true;
        boolean dicts = true;
        for (Object v : values) {
            if (!(v instanceof List<?> l) || l.size() != n) {
                return false;
            }
            for (Object e : l) {
                arrays &= e instanceof HostArray || e instanceof Image;
                dicts &= e instanceof Map<?, ?>;
            }
        }
        return arrays || dicts;
    }

    private static boolean allOf(List<Object> values, Class<?> type) {
        return values.stream().allMatch(type::isInstance);
    }

    private static boolean allIntegral(List<Object> values) {
        return values.stream().allMatch(v -> v instanceof Long || v instanceof Integer);
    }
}
