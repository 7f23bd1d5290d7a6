package io.mgd.det.core.evaluation;

/** One detection in COCO result format: {@code image_id}, {@code category_id}, bbox (x, y, w, h), score. */
public record CocoDetection(long imageId, long categoryId, double[] bbox, double score) {
    /** pycocotools {@code loadRes}: a detection's area is w·h. */
    public double area() {
        return bbox[2] * bbox[3];
    }

    /** From (x1, y1, x2, y2) as mmdet's {@code xyxy2xywh} writes results. */
    public static CocoDetection fromXyxy(long imageId, long categoryId, float x1, float y1, float x2, float y2,
            float score) {
        return new CocoDetection(imageId, categoryId, new double[] {x1, y1, (double) x2 - x1, (double) y2 - y1},
                score);
    }
}
