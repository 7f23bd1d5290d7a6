package io.mgd.core.data.transforms;

import io.mgd.core.data.HostArray;
import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcv-style {@code ToTensor(keys)}: an {@link Image} becomes an HWC {@link HostArray}; a
 * {@code Long}/{@code Integer} (a numpy int64 scalar, e.g. {@code gt_label}) a 0-d int64
 * array; a {@code Double} a 0-d float64 array; a list of integers a 1-d int64 array and a list
 * of numbers a 1-d float32 array ({@code torch.tensor} defaults).
 */
public final class ToTensor implements Transform {
    /** Options. */
    public record Options(List<String> keys) {}

    private final List<String> keys;

    public ToTensor(Options o) {
        this.keys = o.keys();
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : keys) {
            if (!results.containsKey(key)) {
                throw new MgdException("ToTensor: results have no key '" + key + "'; keys are " + results.keySet());
            }
            results.put(key, convert(key, results.get(key)));
        }
        return results;
    }

    static HostArray convert(String key, Object v) {
        if (v instanceof HostArray h) {
            return h;
        }
        if (v instanceof Image img) {
            long[] shape = {img.height(), img.width(), img.channels()};
            return img.dtype() == Image.DType.UINT8 ? HostArray.ofUint8(img.uint8Data().clone(), shape)
                    : HostArray.ofFloat32(img.float32Data().clone(), shape);
        }
        if (v instanceof Long || v instanceof Integer) {
            return HostArray.ofInt64(new long[] {((Number) v).longValue()});
        }
        if (v instanceof Double || v instanceof Float) {
            return HostArray.ofFloat64(new double[] {((Number) v).doubleValue()});
        }
        if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Number)) {
            if (l.stream().allMatch(x -> x instanceof Long || x instanceof Integer)) {
                return HostArray.ofInt64(l.stream().mapToLong(x -> ((Number) x).longValue()).toArray(), l.size());
            }
            float[] f = new float[l.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = ((Number) l.get(i)).floatValue();
            }
            return HostArray.ofFloat32(f, f.length);
        }
        throw new MgdException("ToTensor: results['" + key + "'] of type "
                + (v == null ? "None" : v.getClass().getSimpleName())
                + " cannot be converted to a tensor; supported are images, arrays, ints, floats and number lists");
    }
}
