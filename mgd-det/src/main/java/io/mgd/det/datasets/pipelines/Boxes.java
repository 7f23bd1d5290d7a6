package io.mgd.det.datasets.pipelines;

import io.mgd.core.data.HostArray;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;

/**
 * Box arithmetic on the {@code (n, 4)} float32 {@link HostArray}s that stand for mmdet's numpy
 * box arrays ({@code x1, y1, x2, y2}). Every operation returns a new array in float32
 * arithmetic, so the numbers are numpy's.
 */
final class Boxes {
    private Boxes() {}

    /** {@code results.get('bbox_fields', [])}. */
    static List<String> fields(Map<String, Object> results) {
        if (results.get("bbox_fields") instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** The boxes at {@code key}, checked to be a float32 {@code (n, 4)} array. */
    static float[] get(Map<String, Object> results, String key, String transform) {
        Object v = results.get(key);
        if (v instanceof HostArray h && h.dtype() == HostArray.DType.FLOAT32 && h.shape().length == 2
                && h.shape()[1] == 4) {
            return (float[]) h.data();
        }
        throw new MgdException(transform + ": results['" + key + "'] must be an (n, 4) float32 box array, got "
                + (v == null ? "nothing" : v));
    }

    static HostArray of(float[] xyxy) {
        return HostArray.ofFloat32(xyxy, xyxy.length / 4, 4);
    }

    /** {@code bboxes * scale_factor} with {@code scale_factor = [w, h, w, h]}. */
    static float[] scale(float[] b, float[] scaleFactor) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] * scaleFactor[i % 4];
        }
        return out;
    }

    /** {@code np.clip} of x to [0, width] and y to [0, height], in place. */
    static float[] clip(float[] b, int width, int height) {
        for (int i = 0; i < b.length; i++) {
            float max = i % 2 == 0 ? width : height;
            b[i] = Math.max(0f, Math.min(max, b[i]));
        }
        return b;
    }

    /** mmdet {@code RandomFlip.bbox_flip}: {@code x1' = w - x2}, {@code x2' = w - x1} (and y for vertical). */
    static float[] flip(float[] b, int height, int width, String direction) {
        boolean fx = direction.equals("horizontal") || direction.equals("diagonal");
        boolean fy = direction.equals("vertical") || direction.equals("diagonal");
        if (!fx && !fy) {
            throw new MgdException("RandomFlip: invalid flipping direction '" + direction + "'");
        }
        float[] out = b.clone();
        for (int i = 0; i < b.length; i += 4) {
            if (fx) {
                out[i] = width - b[i + 2];
                out[i + 2] = width - b[i];
            }
            if (fy) {
                out[i + 1] = height - b[i + 3];
                out[i + 3] = height - b[i + 1];
            }
        }
        return out;
    }
}
