package io.mgd.det.core.post_processing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Detections of one image on the host: k boxes (x1, y1, x2, y2) row-major, their scores and
 * 0-based class labels, in descending score order — mmdet's {@code (det_bboxes, det_labels)}.
 *
 * @param inds the index of each detection in the NMS input (mmdet {@code return_inds}), or null
 */
public record Detections(float[] bboxes, float[] scores, long[] labels, int[] inds) {

    /** Number of detections. */
    public int size() {
        return scores.length;
    }

    /** mmdet's {@code det_bboxes}: k×5 (box, score). */
    public NDArray dets(NDManager manager) {
        float[] out = new float[size() * 5];
        for (int i = 0; i < size(); i++) {
            System.arraycopy(bboxes, 4 * i, out, 5 * i, 4);
            out[5 * i + 4] = scores[i];
        }
        return io.mgd.core.nn.Tensors.owned(manager.create(out, new Shape(size(), 5)));
    }

    /**
     * mmdet {@code bbox2result}: per class, the k_c×5 rows (box, score) of that class, in this
     * result's order.
     */
    public List<float[][]> perClass(int numClasses) {
        List<List<float[]>> rows = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < size(); i++) {
            rows.get((int) labels[i]).add(new float[] {bboxes[4 * i], bboxes[4 * i + 1], bboxes[4 * i + 2],
                bboxes[4 * i + 3], scores[i]});
        }
        List<float[][]> out = new ArrayList<>();
        for (List<float[]> r : rows) {
            out.add(r.toArray(new float[0][]));
        }
        return out;
    }
}
