package io.mgd.seg.models.segmentors;

import io.mgd.core.config.Tuple;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;

/**
 * The parts of an mmseg {@code img_meta} dict that inference reads: {@code ori_shape} (h, w, …),
 * {@code flip} and {@code flip_direction} ('horizontal' or 'vertical').
 *
 * @param oriH original image height
 * @param oriW original image width
 * @param flip whether the input was flipped (the prediction is flipped back)
 * @param flipDirection {@code horizontal} or {@code vertical}; null without flip
 */
public record ImgMeta(int oriH, int oriW, boolean flip, String flipDirection) {
    public ImgMeta {
        if (flip && !"horizontal".equals(flipDirection) && !"vertical".equals(flipDirection)) {
            throw new MgdException("img_meta flip_direction must be 'horizontal' or 'vertical', got '"
                    + flipDirection + "'");
        }
    }

    /** A meta without flip. */
    public static ImgMeta of(int oriH, int oriW) {
        return new ImgMeta(oriH, oriW, false, null);
    }

    /** Reads an mmcv meta dict; {@code ori_shape} may be a list, tuple, int[] or long[]. */
    public static ImgMeta from(Map<String, ?> meta) {
        Object shape = meta.get("ori_shape");
        int[] hw = shape instanceof int[] a && a.length >= 2 ? new int[] {a[0], a[1]}
                : shape instanceof long[] l && l.length >= 2 ? new int[] {(int) l[0], (int) l[1]}
                : shape instanceof List<?> list && list.size() >= 2 ? new int[] {num(list.get(0)), num(list.get(1))}
                : shape instanceof Tuple t && t.size() >= 2 ? new int[] {num(t.get(0)), num(t.get(1))}
                : null;
        if (hw == null) {
            throw new MgdException("img_meta has no usable 'ori_shape' (h, w, ...), got " + shape + "; keys are "
                    + meta.keySet());
        }
        boolean flip = Boolean.TRUE.equals(meta.get("flip"));
        Object dir = meta.get("flip_direction");
        return new ImgMeta(hw[0], hw[1], flip, dir instanceof String s ? s : null);
    }

    private static int num(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        throw new MgdException("img_meta ori_shape entries must be numbers, got " + o);
    }
}
