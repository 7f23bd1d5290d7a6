package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import io.mgd.core.config.ConfigDict;
import io.mgd.det.core.post_processing.Detections;
import io.mgd.det.core.post_processing.MultiClassNms;
import io.mgd.det.core.post_processing.Nms;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** NMS and batched NMS against torchvision; multiclass NMS on a hand-built case. */
class NmsParityTest extends DetTestSupport {

    @Test
    void nmsAndBatchedNmsMatchTorchvision() {
        float[] boxes = fx("nms/boxes").toFloatArray();
        float[] scores = fx("nms/scores").toFloatArray();
        long[] idxs = fx("nms/idxs").toLongArray();
        for (String thr : new String[] {"0.3", "0.5", "0.7"}) {
            double t = Double.parseDouble(thr);
            long[] nms = Arrays.stream(Nms.nms(boxes, scores, t, 0)).asLongStream().toArray();
            assertArrayEquals(fx("nms/nms." + thr).toLongArray(), nms, "nms " + thr);
            long[] batched = Arrays.stream(Nms.batchedNms(boxes, scores, idxs, t)).asLongStream().toArray();
            assertArrayEquals(fx("nms/batched." + thr).toLongArray(), batched, "batched " + thr);
            NDArray keep = Nms.batchedNms(fx("nms/boxes"), fx("nms/scores"), fx("nms/idxs"), t);
            assertArrayEquals(fx("nms/batched." + thr).toLongArray(), keep.toLongArray());
        }
    }

    @Test
    void nmsCfgOptions() {
        float[] boxes = {0, 0, 10, 10, 1, 1, 11, 11, 0, 0, 10, 10, 50, 50, 60, 60};
        float[] scores = {0.9f, 0.8f, 0.7f, 0.05f};
        long[] idxs = {0, 0, 1, 0};
        // box 2 overlaps box 0 fully but is another class; box 3 is under the score threshold
        assertArrayEquals(new int[] {0, 2, 3}, Nms.batchedNms(boxes, scores, idxs, 0.5));
        assertArrayEquals(new int[] {0, 3}, Nms.batchedNms(boxes, scores, idxs,
                ConfigDict.of("type", "nms", "iou_threshold", 0.5, "class_agnostic", true)));
        assertArrayEquals(new int[] {0, 2}, Nms.batchedNms(boxes, scores, idxs,
                ConfigDict.of("iou_threshold", 0.5, "score_threshold", 0.1)));
        assertArrayEquals(new int[] {0}, Nms.batchedNms(boxes, scores, idxs,
                ConfigDict.of("iou_threshold", 0.5, "max_num", 1L)));
        // IoU(0, 1) = 81/119 = 0.68: kept at threshold 0.7
        assertArrayEquals(new int[] {0, 1, 2, 3}, Nms.batchedNms(boxes, scores, idxs, 0.7));
    }

    @Test
    void multiclassNmsThresholdsSuppressesAndCaps() {
        // 3 boxes, 2 classes + background column
        float[] bboxes = {0, 0, 10, 10, 1, 1, 11, 11, 30, 30, 40, 40};
        float[] scores = {0.9f, 0.2f, 0.5f, 0.8f, 0.6f, 0.01f, 0.3f, 0.4f, 0.5f};
        Detections d = MultiClassNms.multiclassNms(bboxes, 4, scores, 3, 0.25, ConfigDict.of("iou_threshold", 0.5),
                -1, null);
        // rows are boxes: class 0 scores 0.9, 0.8, 0.3; class 1 scores 0.2 (< thr), 0.6, 0.4.
        // class 0: box0 suppresses box1 (IoU 0.68); class 1: boxes 1 and 2 do not overlap
        assertArrayEquals(new float[] {0.9f, 0.6f, 0.4f, 0.3f}, d.scores());
        assertArrayEquals(new long[] {0, 1, 1, 0}, d.labels());
        assertArrayEquals(new int[] {0, 3, 5, 4}, d.inds());
        Detections capped = MultiClassNms.multiclassNms(bboxes, 4, scores, 3, 0.25,
                ConfigDict.of("iou_threshold", 0.5), 2, null);
        assertEquals(2, capped.size());
        assertEquals(2, d.perClass(2).get(0).length);
        assertArrayEquals(new float[] {1, 1, 11, 11, 0.6f}, d.perClass(2).get(1)[0]);
    }
}
