package io.mgd.det.models.dense_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.det.core.ImgMeta;
import io.mgd.det.core.bbox.assigners.AssignResult;
import io.mgd.det.core.bbox.assigners.BboxAssigner;
import io.mgd.det.core.bbox.coder.BboxCoder;
import io.mgd.det.core.bbox.samplers.BboxSampler;
import io.mgd.det.core.bbox.samplers.SamplingResult;
import java.util.List;

/**
 * mmdet {@code AnchorHead.get_targets} on the host: per image, anchors inside the image are
 * assigned and sampled, positives get their gt label and encoded box target, and
 * positives/negatives get label weight 1 (or {@code pos_weight}); everything else keeps the
 * background label {@code num_classes} and weight 0. Arrays are over all anchors of all levels
 * (mmdet's unmap), image after image.
 */
final class AnchorTargets {
    final int numImgs;
    final int numAnchors;
    final long[] labels;
    final float[] labelWeights;
    final float[] bboxTargets;
    final float[] bboxWeights;
    int numTotalPos;
    int numTotalNeg;

    private AnchorTargets(int numImgs, int numAnchors, int numClasses) {
        this.numImgs = numImgs;
        this.numAnchors = numAnchors;
        labels = new long[numImgs * numAnchors];
        java.util.Arrays.fill(labels, numClasses);
        labelWeights = new float[numImgs * numAnchors];
        bboxTargets = new float[numImgs * numAnchors * 4];
        bboxWeights = new float[numImgs * numAnchors * 4];
    }

    /**
     * Targets of a batch, or null when some image has no anchor inside it (mmdet then returns
     * no loss).
     *
     * @param anchors all levels' anchors concatenated, A×4, the same for every image
     * @param validFlags per image, A flags (anchor generator valid flags)
     * @param gtLabels per image or null (RPN: every positive gets label 0)
     */
    static AnchorTargets compute(NDArray anchors, float[] anchorData, List<boolean[]> validFlags,
            List<NDArray> gtBboxes, List<NDArray> gtBboxesIgnore, List<NDArray> gtLabels, List<ImgMeta> metas,
            AnchorHead.Settings s, BboxAssigner assigner, BboxSampler sampler, boolean sampling, BboxCoder coder) {
        int numImgs = metas.size();
        int a = (int) anchors.getShape().get(0);
        AnchorTargets t = new AnchorTargets(numImgs, a, s.numClasses());
        double allowedBorder = ((Number) s.trainCfg().getOrDefault("allowed_border", -1L)).doubleValue();
        double posWeight = ((Number) s.trainCfg().getOrDefault("pos_weight", -1L)).doubleValue();
        NDManager m = anchors.getManager();
        for (int img = 0; img < numImgs; img++) {
            int[] inside = insideIndices(anchorData, validFlags.get(img), metas.get(img).imgShape(), allowedBorder);
            if (inside.length == 0) {
                return null;
            }
            NDArray cand = inside.length == a ? anchors
                    : anchors.get(new NDIndex("{}", io.mgd.core.nn.Tensors.owned(m.create(java.util.Arrays.stream(inside).asLongStream().toArray()))));
            NDArray gt = gtBboxes.get(img);
            NDArray ignore = gtBboxesIgnore == null ? null : gtBboxesIgnore.get(img);
            NDArray lab = gtLabels == null ? null : gtLabels.get(img);
            AssignResult ar = assigner.assign(cand, gt, ignore, sampling ? null : lab);
            SamplingResult sr = sampler.sample(ar, cand, gt, lab);
            long[] pos = sr.posInds();
            long[] neg = sr.negInds();
            int base = img * a;
            if (pos.length > 0) {
                NDArray targets = s.regDecodedBbox() ? sr.posGtBboxes() : coder.encode(sr.posBboxes(), sr.posGtBboxes());
                float[] tv = targets.toType(DataType.FLOAT32, false).toFloatArray();
                long[] gtInds = sr.posAssignedGtInds();
                long[] gtLab = lab == null ? null : lab.toType(DataType.INT64, false).toLongArray();
                for (int k = 0; k < pos.length; k++) {
                    int at = base + inside[(int) pos[k]];
                    System.arraycopy(tv, 4 * k, t.bboxTargets, 4 * at, 4);
                    java.util.Arrays.fill(t.bboxWeights, 4 * at, 4 * at + 4, 1f);
                    t.labels[at] = gtLab == null ? 0 : gtLab[(int) gtInds[k]];
                    t.labelWeights[at] = posWeight <= 0 ? 1f : (float) posWeight;
                }
            }
            for (long n : neg) {
                t.labelWeights[base + inside[(int) n]] = 1f;
            }
            t.numTotalPos += Math.max(pos.length, 1);
            t.numTotalNeg += Math.max(neg.length, 1);
        }
        return t;
    }

    private static int[] insideIndices(float[] anchors, boolean[] valid, int[] imgShape, double allowedBorder) {
        int n = valid.length;
        int[] out = new int[n];
        int k = 0;
        float b = (float) allowedBorder;
        for (int i = 0; i < n; i++) {
            boolean in = valid[i];
            if (in && allowedBorder >= 0) {
                in = anchors[4 * i] >= -b && anchors[4 * i + 1] >= -b && anchors[4 * i + 2] < imgShape[1] + b
                        && anchors[4 * i + 3] < imgShape[0] + b;
            }
            if (in) {
                out[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** Rows {@code [start, start + count)} of each image, image-major (mmdet images_to_levels + reshape). */
    NDArray levelLabels(NDManager m, int start, int count) {
        long[] out = new long[numImgs * count];
        for (int i = 0; i < numImgs; i++) {
            System.arraycopy(labels, i * numAnchors + start, out, i * count, count);
        }
        return io.mgd.core.nn.Tensors.owned(m.create(out));
    }

    NDArray levelFloats(NDManager m, float[] src, int width, int start, int count) {
        float[] out = new float[numImgs * count * width];
        for (int i = 0; i < numImgs; i++) {
            System.arraycopy(src, (i * numAnchors + start) * width, out, i * count * width, count * width);
        }
        return width == 1 ? io.mgd.core.nn.Tensors.owned(m.create(out)) : io.mgd.core.nn.Tensors.owned(m.create(out, new Shape(numImgs * count, width)));
    }
}
