package io.mgd.det.core.post_processing;

import io.mgd.core.config.ConfigDict;

/** mmdet's {@code multiclass_nms} ({@code core/post_processing/bbox_nms.py}). */
public final class MultiClassNms {
    private MultiClassNms() {}

    /**
     * Class-wise NMS over per-class scores.
     *
     * @param multiBboxes n×(C·4) class-specific boxes or n×4 shared boxes, row-major
     * @param boxCols 4·C or 4
     * @param multiScores n×(C+1) scores, the last column (background) ignored
     * @param numClassesPlusBg C+1
     * @param scoreThr keeps (box, class) pairs with score {@code > scoreThr}
     * @param maxNum keep at most this many after NMS; ≤ 0 keeps all
     * @param scoreFactors n factors multiplied into the scores after thresholding, or null
     */
    public static Detections multiclassNms(float[] multiBboxes, int boxCols, float[] multiScores,
            int numClassesPlusBg, double scoreThr, ConfigDict nmsCfg, int maxNum, float[] scoreFactors) {
        int c = numClassesPlusBg - 1;
        int n = multiScores.length / numClassesPlusBg;
        if (boxCols != 4 && boxCols != 4 * c) {
            throw new IllegalArgumentException("multiclass_nms: boxes must have 4 or " + 4 * c + " columns, got "
                    + boxCols);
        }
        int count = 0;
        float thr = (float) scoreThr;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                if (multiScores[i * numClassesPlusBg + k] > thr) {
                    count++;
                }
            }
        }
        float[] boxes = new float[count * 4];
        float[] scores = new float[count];
        long[] labels = new long[count];
        int[] inds = new int[count];
        int m = 0;
        for (int i = 0; i < n; i++) { // row-major over (box, class), as mmdet's reshape(-1)
            for (int k = 0; k < c; k++) {
                float s = multiScores[i * numClassesPlusBg + k];
                if (s > thr) {
                    int src = boxCols == 4 ? i * 4 : i * boxCols + 4 * k;
                    System.arraycopy(multiBboxes, src, boxes, 4 * m, 4);
                    scores[m] = scoreFactors == null ? s : s * scoreFactors[i];
                    labels[m] = k;
                    inds[m] = i * c + k;
                    m++;
                }
            }
        }
        int[] keep = Nms.batchedNms(boxes, scores, labels, nmsCfg);
        int k = maxNum > 0 ? Math.min(maxNum, keep.length) : keep.length;
        float[] ob = new float[k * 4];
        float[] os = new float[k];
        long[] ol = new long[k];
        int[] oi = new int[k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(boxes, 4 * keep[j], ob, 4 * j, 4);
            os[j] = scores[keep[j]];
            ol[j] = labels[keep[j]];
            oi[j] = inds[keep[j]];
        }
        return new Detections(ob, os, ol, oi);
    }
}
