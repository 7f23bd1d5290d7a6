package io.mgd.det.datasets;

import io.mgd.core.data.Collate;
import io.mgd.core.data.HostArray;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mmcv's {@code collate} for mmdet samples (what the DataContainers of
 * {@code DefaultFormatBundle} and {@code Collect} ask for):
 * <ul>
 *   <li>{@code img} (C×H×W): every image padded at the bottom and right with the pad value to the
 *       largest height and width in the batch (rounded up to {@code size_divisor}; 1 is mmcv's
 *       behaviour: a {@code Pad(size_divisor=32)} step already makes every image a multiple),
 *       then stacked to N×C×H×W;
 *   <li>{@code gt_bboxes}, {@code gt_bboxes_ignore}, {@code gt_labels}, {@code proposals}: one
 *       array per sample in a list (the batch turns it into an {@code NDList}; an image without
 *       boxes gives a (0, 4) array);
 *   <li>{@code img_metas} and other non-array values: a list with one entry per sample;
 *   <li>with MultiScaleFlipAug every value is a list over augmentations: the result is a list
 *       over augmentations of the above (so {@code img} is a list of N×C×H×W arrays and
 *       {@code img_metas} a list of per-sample lists);
 *   <li>other keys: the standard collate.
 * </ul>
 */
public final class DetCollate implements Collate {
    private static final Set<String> PAD_STACK = Set.of("img");
    private static final Set<String> PER_SAMPLE = Set.of("img_metas", "gt_bboxes", "gt_bboxes_ignore", "gt_labels",
            "proposals");

    private final double padValue;
    private final int sizeDivisor;

    /** mmcv's collate: pad value 0 ({@code DefaultFormatBundle}'s {@code pad_val['img']}), no rounding. */
    public DetCollate() {
        this(0, 1);
    }

    /**
     * @param padValue value of padded image pixels
     * @param sizeDivisor the padded height and width are rounded up to a multiple of it (≥ 1)
     */
    public DetCollate(double padValue, int sizeDivisor) {
        if (sizeDivisor < 1) {
            throw new MgdException("DetCollate: size_divisor must be >= 1, got " + sizeDivisor);
        }
        this.padValue = padValue;
        this.sizeDivisor = sizeDivisor;
    }

    @Override
    public Map<String, Object> collate(List<Map<String, Object>> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("cannot collate an empty batch");
        }
        Map<String, Object> own = new LinkedHashMap<>();
        List<Map<String, Object>> rest = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            rest.add(new LinkedHashMap<>());
        }
        for (String key : samples.get(0).keySet()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                Map<String, Object> s = samples.get(i);
                if (!s.containsKey(key)) {
                    throw new MgdException("collate: key '" + key + "' is missing from some samples of the batch; "
                            + "every sample must have the same keys (first sample has " + samples.get(0).keySet()
                            + ")");
                }
                values.add(s.get(key));
                rest.get(i).put(key, s.get(key));
            }
            if (PAD_STACK.contains(key) || PER_SAMPLE.contains(key)) {
                own.put(key, perAugmentation(key, values));
                rest.forEach(r -> r.remove(key));
            }
        }
        Map<String, Object> standard = rest.get(0).isEmpty() ? Map.of() : Collate.standard().collate(rest);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : samples.get(0).keySet()) {
            out.put(key, own.containsKey(key) ? own.get(key) : standard.get(key));
        }
        return out;
    }

    /** Test-time samples hold a list per key (one entry per augmentation): collate each augmentation. */
    private Object perAugmentation(String key, List<Object> values) {
        boolean augmented = values.get(0) instanceof List<?> && !(values.get(0) instanceof HostArray);
        if (!augmented) {
            return one(key, values);
        }
        int n = ((List<?>) values.get(0)).size();
        List<Object> out = new ArrayList<>(n);
        for (int a = 0; a < n; a++) {
            List<Object> column = new ArrayList<>(values.size());
            for (Object v : values) {
                if (!(v instanceof List<?> l) || l.size() != n) {
                    throw new MgdException("collate: '" + key + "' has a different number of test-time "
                            + "augmentations in different samples");
                }
                column.add(l.get(a));
            }
            out.add(one(key, column));
        }
        return Collections.unmodifiableList(out);
    }

    private Object one(String key, List<Object> values) {
        if (PAD_STACK.contains(key)) {
            return padStack(key, values);
        }
        return Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** mmcv's stack with {@code pad_dims=2}: pad H and W to the batch maximum, then stack. */
    HostArray padStack(String key, List<Object> values) {
        List<HostArray> imgs = new ArrayList<>();
        for (Object v : values) {
            if (!(v instanceof HostArray h) || h.shape().length != 3) {
                throw new MgdException("collate: '" + key + "' must be a C×H×W array in every sample (use "
                        + "DefaultFormatBundle or ImageToTensor), got " + v);
            }
            imgs.add(h);
        }
        HostArray first = imgs.get(0);
        long c = first.shape()[0];
        int maxH = 0;
        int maxW = 0;
        for (HostArray h : imgs) {
            if (h.shape()[0] != c || h.dtype() != first.dtype()) {
                throw new MgdException("collate: cannot batch '" + key + "': samples have " + first + " and " + h
                        + " (the channel count and dtype must agree)");
            }
            maxH = Math.max(maxH, (int) h.shape()[1]);
            maxW = Math.max(maxW, (int) h.shape()[2]);
        }
        maxH = (maxH + sizeDivisor - 1) / sizeDivisor * sizeDivisor;
        maxW = (maxW + sizeDivisor - 1) / sizeDivisor * sizeDivisor;
        int n = imgs.size();
        int plane = maxH * maxW;
        int each = (int) c * plane;
        long[] shape = {n, c, maxH, maxW};
        if (first.dtype() == HostArray.DType.FLOAT32) {
            float[] out = new float[n * each];
            Arrays.fill(out, (float) padValue);
            for (int i = 0; i < n; i++) {
                copy(imgs.get(i), out, i * each, maxH, maxW);
            }
            return HostArray.ofFloat32(out, shape);
        }
        if (first.dtype() == HostArray.DType.UINT8) {
            byte[] out = new byte[n * each];
            Arrays.fill(out, (byte) Math.max(0, Math.min(255, Math.round(padValue))));
            for (int i = 0; i < n; i++) {
                copy(imgs.get(i), out, i * each, maxH, maxW);
            }
            return HostArray.ofUint8(out, shape);
        }
        throw new MgdException("collate: '" + key + "' must be float32 or uint8, got " + first);
    }

    private static void copy(HostArray src, Object dst, int offset, int maxH, int maxW) {
        long[] s = src.shape();
        int c = (int) s[0];
        int h = (int) s[1];
        int w = (int) s[2];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src.data(), (k * h + y) * w, dst, offset + (k * maxH + y) * maxW, w);
            }
        }
    }
}
