package io.mgd.det.core;

import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;

/**
 * The parts of mmdet's per-image {@code img_meta} that heads use: {@code img_shape} and
 * {@code pad_shape} as (h, w) and {@code scale_factor} as (w, h, w, h).
 */
public record ImgMeta(int[] imgShape, int[] padShape, float[] scaleFactor) {
    public ImgMeta {
        if (imgShape.length < 2 || padShape.length < 2 || scaleFactor.length != 4) {
            throw new IllegalArgumentException("img_meta needs img_shape/pad_shape (h, w[, c]) and a 4-value "
                    + "scale_factor");
        }
    }

    /** An unscaled, unpadded image of {@code h × w}. */
    public static ImgMeta of(int h, int w) {
        return new ImgMeta(new int[] {h, w}, new int[] {h, w}, new float[] {1, 1, 1, 1});
    }

    /**
     * From an mmdet-style dict with {@code img_shape}, optional {@code pad_shape} (defaults to
     * img_shape) and optional {@code scale_factor} (a number or 4 numbers; defaults to 1).
     */
    public static ImgMeta fromMap(Map<String, ?> meta) {
        int[] img = ints(meta.get("img_shape"), "img_shape");
        int[] pad = meta.containsKey("pad_shape") ? ints(meta.get("pad_shape"), "pad_shape") : img;
        Object sf = meta.get("scale_factor");
        float[] scale = new float[] {1, 1, 1, 1};
        if (sf instanceof Number n) {
            java.util.Arrays.fill(scale, n.floatValue());
        } else if (sf != null) {
            List<?> l = list(sf, "scale_factor");
            if (l.size() != 4) {
                throw new MgdException("img_meta scale_factor must have 4 values, got " + sf);
            }
            for (int i = 0; i < 4; i++) {
                scale[i] = ((Number) l.get(i)).floatValue();
            }
        }
        return new ImgMeta(img, pad, scale);
    }

    private static int[] ints(Object v, String key) {
        List<?> l = list(v, key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    private static List<?> list(Object v, String key) {
        if (v instanceof int[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
        if (v instanceof float[] a) {
            Float[] b = new Float[a.length];
            for (int i = 0; i < a.length; i++) {
                b[i] = a[i];
            }
            return List.of(b);
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
        if (v instanceof List<?> l && l.stream().allMatch(Number.class::isInstance)) {
            return l;
        }
        throw new MgdException("img_meta '" + key + "' must be a list of numbers, got " + v);
    }
}
