package io.mgd.det.core.bbox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * mmdet's {@code bbox_overlaps} ({@code core/bbox/iou_calculators/iou2d_calculator.py}) on
 * (x1, y1, x2, y2) boxes: IoU, IoF (intersection over the area of {@code bboxes1}) or GIoU,
 * pairwise (M×N) or aligned (M). Widths are {@code x2 - x1} (no +1); the union and the enclosing
 * area are clamped below by {@code eps}. Built of differentiable ops, so {@code GIoULoss} gets
 * torch's gradient.
 */
public final class BboxOverlaps {
    /** mmdet's default eps. */
    public static final double DEFAULT_EPS = 1e-6;

    private BboxOverlaps() {}

    /** Pairwise IoU with eps 1e-6. */
    public static NDArray iou(NDArray bboxes1, NDArray bboxes2) {
        return bboxOverlaps(bboxes1, bboxes2, "iou", false, DEFAULT_EPS);
    }

    /**
     * Overlaps of two box sets.
     *
     * @param bboxes1 M×4 (a 5th score column is dropped, as the mmdet calculator does)
     * @param bboxes2 N×4
     * @param mode {@code "iou"}, {@code "iof"} or {@code "giou"}
     * @param aligned compare row i with row i only (M must equal N); the result is (M)
     * @return M×N, or M when aligned
     */
    public static NDArray bboxOverlaps(NDArray bboxes1, NDArray bboxes2, String mode, boolean aligned,
            double eps) {
        if (!"iou".equals(mode) && !"iof".equals(mode) && !"giou".equals(mode)) {
            throw new IllegalArgumentException("bbox_overlaps mode must be iou, iof or giou, got '" + mode + "'");
        }
        NDArray b1 = four(bboxes1);
        NDArray b2 = four(bboxes2);
        long rows = b1.getShape().get(0);
        long cols = b2.getShape().get(0);
        if (aligned && rows != cols) {
            throw new IllegalArgumentException("aligned bbox_overlaps needs equal counts, got " + rows + " and " + cols);
        }
        if (rows * cols == 0) {
            return b1.getManager().zeros(aligned ? new Shape(rows) : new Shape(rows, cols), b1.getDataType());
        }
        NDArray area1 = area(b1);
        NDArray area2 = area(b2);
        NDArray lo1 = b1.get(new NDIndex(":, :2"));
        NDArray hi1 = b1.get(new NDIndex(":, 2:"));
        NDArray lo2 = b2.get(new NDIndex(":, :2"));
        NDArray hi2 = b2.get(new NDIndex(":, 2:"));
        if (!aligned) {
            lo1 = lo1.expandDims(1); // M×1×2 against 1×N×2
            hi1 = hi1.expandDims(1);
            lo2 = lo2.expandDims(0);
            hi2 = hi2.expandDims(0);
            area1 = area1.expandDims(1);
            area2 = area2.expandDims(0);
        }
        NDArray wh = io.mgd.core.nn.Tensors.maximum(hi1.minimum(hi2).sub(lo1.maximum(lo2)), 0f);
        NDArray overlap = wh.get(new NDIndex("..., 0")).mul(wh.get(new NDIndex("..., 1")));
        NDArray union = "iof".equals(mode) ? area1 : area1.add(area2).sub(overlap);
        union = io.mgd.core.nn.Tensors.maximum(union, (float) eps);
        NDArray ious = overlap.div(union);
        if (!"giou".equals(mode)) {
            return ious;
        }
        NDArray ewh = io.mgd.core.nn.Tensors.maximum(hi1.maximum(hi2).sub(lo1.minimum(lo2)), 0f);
        NDArray enclose = ewh.get(new NDIndex("..., 0")).mul(ewh.get(new NDIndex("..., 1")));
        enclose = io.mgd.core.nn.Tensors.maximum(enclose, (float) eps);
        return ious.sub(enclose.sub(union).div(enclose));
    }

    private static NDArray four(NDArray b) {
        Shape s = b.getShape();
        if (s.dimension() != 2 || (s.get(1) != 4 && s.get(1) != 5 && s.get(0) != 0)) {
            throw new IllegalArgumentException("boxes must be N×4 (or N×5 with scores), got " + s);
        }
        if (s.get(0) == 0) {
            return b.getManager().zeros(new Shape(0, 4), b.getDataType());
        }
        return s.get(1) == 5 ? b.get(new NDIndex(":, :4")) : b;
    }

    private static NDArray area(NDArray b) {
        return b.get(new NDIndex(":, 2")).sub(b.get(new NDIndex(":, 0")))
                .mul(b.get(new NDIndex(":, 3")).sub(b.get(new NDIndex(":, 1"))));
    }
}
