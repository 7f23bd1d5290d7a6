package io.mgd.det.models.dense_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.det.core.ImgMeta;
import io.mgd.det.core.post_processing.Detections;
import io.mgd.det.core.post_processing.Nms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * mmdet 2.18+ {@code BaseDenseHead._get_bboxes_single} + {@code _bbox_post_process} (with NMS)
 * for anchor heads. Candidate selection runs on the engine (threshold, non-zero), the rest on
 * the host. Score ties sort by (anchor, class) order.
 */
final class BboxPostProcess {
    private BboxPostProcess() {}

    static List<Detections> run(AnchorHead head, NDList clsScores, NDList bboxPreds, List<ImgMeta> metas,
            ConfigDict cfg, boolean rescale) {
        for (String k : List.of("score_thr", "nms", "max_per_img")) {
            if (!cfg.containsKey(k)) {
                throw new ConfigException("test_cfg needs '" + k + "', got " + cfg);
            }
        }
        int nmsPre = ((Number) cfg.getOrDefault("nms_pre", -1L)).intValue();
        float scoreThr = ((Number) cfg.get("score_thr")).floatValue();
        int maxPerImg = ((Number) cfg.get("max_per_img")).intValue();
        ConfigDict nms = cfg.getDict("nms");
        int[][] sizes = AnchorHead.featmapSizes(clsScores);
        List<float[]> priors = new ArrayList<>();
        for (int l = 0; l < sizes.length; l++) {
            priors.add(head.priorGenerator().singleLevelGridPriors(sizes[l][0], sizes[l][1], l));
        }
        List<Detections> out = new ArrayList<>();
        for (int img = 0; img < metas.size(); img++) {
            ImgMeta meta = metas.get(img);
            List<float[]> boxes = new ArrayList<>();
            List<float[]> scores = new ArrayList<>();
            List<long[]> labels = new ArrayList<>();
            for (int l = 0; l < sizes.length; l++) {
                Level lv = level(head, clsScores.get(l).get(img), bboxPreds.get(l).get(img), priors.get(l),
                        scoreThr, nmsPre, meta);
                boxes.add(lv.boxes);
                scores.add(lv.scores);
                labels.add(lv.labels);
            }
            float[] b = cat(boxes);
            float[] sc = cat(scores);
            long[] lab = labels.stream().flatMapToLong(Arrays::stream).toArray();
            if (rescale) {
                float[] f = meta.scaleFactor();
                for (int i = 0; i < b.length; i++) {
                    b[i] = b[i] / f[i % 4];
                }
            }
            int[] keep = sc.length == 0 ? new int[0] : Nms.batchedNms(b, sc, lab, nms);
            int k = Math.min(keep.length, maxPerImg);
            float[] ob = new float[4 * k];
            float[] os = new float[k];
            long[] ol = new long[k];
            for (int j = 0; j < k; j++) {
                System.arraycopy(b, 4 * keep[j], ob, 4 * j, 4);
                os[j] = sc[keep[j]];
                ol[j] = lab[keep[j]];
            }
            out.add(new Detections(ob, os, ol, Arrays.copyOf(keep, k)));
        }
        return out;
    }

    private record Level(float[] boxes, float[] scores, long[] labels) {}

    private static Level level(AnchorHead head, NDArray clsScore, NDArray bboxPred, float[] priors, float scoreThr,
            int nmsPre, ImgMeta meta) {
        int c = head.clsOutChannels();
        NDArray cls = clsScore.transpose(1, 2, 0).reshape(-1, c);
        NDArray sc = head.useSigmoidCls() ? io.mgd.core.nn.functional.F.sigmoid(cls) : cls.softmax(-1)
                .get(":, :-1");
        NDArray mask = sc.gt(scoreThr);
        long[] idx = mask.nonzero().toLongArray(); // (K, 2) row-major: (anchor, class)
        float[] vals = sc.booleanMask(mask).toType(DataType.FLOAT32, false).toFloatArray();
        int kAll = vals.length;
        Integer[] order = new Integer[kAll];
        for (int i = 0; i < kAll; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -vals[i]));
        int k = nmsPre > 0 ? Math.min(nmsPre, kAll) : kAll;
        float[] deltas = bboxPred.transpose(1, 2, 0).reshape(-1, 4).toType(DataType.FLOAT32, false).toFloatArray();
        float[] selDeltas = new float[4 * k];
        float[] selPriors = new float[4 * k];
        float[] scores = new float[k];
        long[] labels = new long[k];
        for (int j = 0; j < k; j++) {
            int o = order[j];
            int anchor = (int) idx[2 * o];
            labels[j] = idx[2 * o + 1];
            scores[j] = vals[o];
            System.arraycopy(deltas, 4 * anchor, selDeltas, 4 * j, 4);
            System.arraycopy(priors, 4 * anchor, selPriors, 4 * j, 4);
        }
        float[] boxes = new float[0];
        if (k > 0) {
            NDManager m = clsScore.getManager();
            NDArray decoded = head.bboxCoder().decode(io.mgd.core.nn.Tensors.owned(m.create(selPriors, new Shape(k, 4))),
                    io.mgd.core.nn.Tensors.owned(m.create(selDeltas, new Shape(k, 4))), meta.imgShape());
            boxes = decoded.toFloatArray();
        }
        return new Level(boxes, scores, labels);
    }

    private static float[] cat(List<float[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }
}
