package io.mgd.det.core.post_processing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Greedy NMS with the semantics of {@code torchvision.ops.nms} and mmcv's {@code nms} (a box is
 * dropped when its IoU with a kept, higher-scoring box is {@code > iou_threshold}; IoU in
 * float32 with widths {@code x2 − x1 + offset}), and mmcv's {@code batched_nms}: boxes of
 * different {@code idxs} are moved apart by {@code idx · (max coordinate + 1)} so one NMS pass
 * never suppresses across groups. Kept indices are in descending score order (ties: lower index
 * first). Runs on the host; inputs are copied out of their NDArrays.
 */
public final class Nms {
    private Nms() {}

    /**
     * Indices kept by NMS, by descending score.
     *
     * @param boxes n×4 row-major (x1, y1, x2, y2)
     * @param offset 0 or 1 (mmcv's legacy +1 widths)
     */
    public static int[] nms(float[] boxes, float[] scores, double iouThreshold, int offset) {
        int n = scores.length;
        if (boxes.length != 4 * n) {
            throw new IllegalArgumentException("nms: " + boxes.length / 4 + " boxes but " + n + " scores");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i])); // stable: ties by index
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            areas[i] = (boxes[4 * i + 2] - boxes[4 * i] + offset) * (boxes[4 * i + 3] - boxes[4 * i + 1] + offset);
        }
        float thr = (float) iouThreshold;
        boolean[] suppressed = new boolean[n];
        int[] keep = new int[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (suppressed[i]) {
                continue;
            }
            keep[kept++] = i;
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (suppressed[j]) {
                    continue;
                }
                float w = Math.max(0f, Math.min(boxes[4 * i + 2], boxes[4 * j + 2])
                        - Math.max(boxes[4 * i], boxes[4 * j]) + offset);
                float h = Math.max(0f, Math.min(boxes[4 * i + 3], boxes[4 * j + 3])
                        - Math.max(boxes[4 * i + 1], boxes[4 * j + 1]) + offset);
                float inter = w * h;
                float ovr = inter / (areas[i] + areas[j] - inter);
                if (ovr > thr) {
                    suppressed[j] = true;
                }
            }
        }
        return Arrays.copyOf(keep, kept);
    }

    /** Class-wise NMS, mmcv's {@code batched_nms} with {@code nms_cfg=dict(type='nms', iou_threshold=...)}. */
    public static int[] batchedNms(float[] boxes, float[] scores, long[] idxs, double iouThreshold) {
        return batchedNms(boxes, scores, idxs, iouThreshold, 0, false);
    }

    /**
     * Class-wise NMS with the coordinate-offset trick; {@code classAgnostic} ignores {@code idxs}.
     *
     * @return kept indices into the inputs, by descending score
     */
    public static int[] batchedNms(float[] boxes, float[] scores, long[] idxs, double iouThreshold, int offset,
            boolean classAgnostic) {
        if (scores.length == 0) {
            return new int[0];
        }
        float[] forNms = boxes;
        if (!classAgnostic) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : boxes) {
                max = Math.max(max, v);
            }
            float step = max + 1f;
            forNms = new float[boxes.length];
            for (int i = 0; i < scores.length; i++) {
                float off = (float) idxs[i] * step;
                for (int c = 0; c < 4; c++) {
                    forNms[4 * i + c] = boxes[4 * i + c] + off;
                }
            }
        }
        return nms(forNms, scores, iouThreshold, offset);
    }

    /**
     * {@link #batchedNms(float[], float[], long[], double, int, boolean)} configured by an mmcv
     * {@code nms_cfg}: {@code type} ('nms'), {@code iou_threshold} (or the legacy {@code iou_thr}),
     * {@code offset}, {@code class_agnostic}, {@code score_threshold}, {@code max_num};
     * {@code split_thr} is accepted (it only changes how mmcv batches the work).
     */
    public static int[] batchedNms(float[] boxes, float[] scores, long[] idxs, ConfigDict nmsCfg) {
        for (String k : nmsCfg.keySet()) {
            if (!java.util.Set.of("type", "iou_threshold", "iou_thr", "offset", "class_agnostic", "split_thr",
                    "score_threshold", "max_num").contains(k)) {
                throw new ConfigException("nms cfg: unexpected key '" + k + "' in " + nmsCfg
                        + "; valid keys are type, iou_threshold, offset, class_agnostic, split_thr, score_threshold, "
                        + "max_num");
            }
        }
        Object type = nmsCfg.getOrDefault("type", "nms");
        if (!"nms".equals(type)) {
            throw new ConfigException("nms cfg: only type 'nms' is supported, got '" + type + "'");
        }
        Object thr = nmsCfg.containsKey("iou_threshold") ? nmsCfg.get("iou_threshold") : nmsCfg.get("iou_thr");
        if (!(thr instanceof Number iou)) {
            throw new ConfigException("nms cfg needs a number 'iou_threshold', got " + nmsCfg);
        }
        int offset = ((Number) nmsCfg.getOrDefault("offset", 0L)).intValue();
        boolean agnostic = Boolean.TRUE.equals(nmsCfg.get("class_agnostic"));
        double scoreThr = ((Number) nmsCfg.getOrDefault("score_threshold", 0.0)).doubleValue();
        int maxNum = ((Number) nmsCfg.getOrDefault("max_num", -1L)).intValue();
        int[] sub = null;
        float[] b = boxes;
        float[] s = scores;
        long[] ix = idxs;
        if (scoreThr > 0) { // mmcv nms filters by score first and maps indices back
            sub = java.util.stream.IntStream.range(0, scores.length).filter(i -> scores[i] > (float) scoreThr)
                    .toArray();
            b = new float[sub.length * 4];
            s = new float[sub.length];
            ix = new long[sub.length];
            for (int k = 0; k < sub.length; k++) {
                System.arraycopy(boxes, 4 * sub[k], b, 4 * k, 4);
                s[k] = scores[sub[k]];
                ix[k] = idxs[sub[k]];
            }
        }
        int[] keep = batchedNms(b, s, ix, iou.doubleValue(), offset, agnostic);
        if (maxNum > 0 && keep.length > maxNum) {
            keep = Arrays.copyOf(keep, maxNum);
        }
        if (sub != null) {
            for (int k = 0; k < keep.length; k++) {
                keep[k] = sub[keep[k]];
            }
        }
        return keep;
    }

    /**
     * NDArray form of {@link #batchedNms(float[], float[], long[], double)}: boxes n×4, scores n,
     * idxs n; returns the kept indices (int64) in descending score order.
     */
    public static NDArray batchedNms(NDArray boxes, NDArray scores, NDArray idxs, double iouThreshold) {
        int[] keep = batchedNms(boxes.toType(DataType.FLOAT32, false).toFloatArray(),
                scores.toType(DataType.FLOAT32, false).toFloatArray(),
                idxs.toType(DataType.INT64, false).toLongArray(), iouThreshold);
        NDManager m = boxes.getManager();
        return io.mgd.core.nn.Tensors.owned(m.create(Arrays.stream(keep).asLongStream().toArray()));
    }
}
