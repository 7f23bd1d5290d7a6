package io.mgd.seg.models.segmentors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * mmseg {@code slide_inference}: windows of {@code crop_size} every {@code stride}, the last row
 * and column shifted back to end at the image border (a window larger than the image is the
 * whole image); each window's {@code encode_decode} logits are summed into place and the sum is
 * divided by how many windows covered each pixel.
 */
final class SlideInference {
    private SlideInference() {}

    static NDArray run(EncoderDecoder model, NDArray img, int[] crop, int[] stride) {
        Shape s = img.getShape();
        int n = (int) s.get(0);
        int hImg = (int) s.get(2);
        int wImg = (int) s.get(3);
        int hGrids = Math.max(hImg - crop[0] + stride[0] - 1, 0) / stride[0] + 1;
        int wGrids = Math.max(wImg - crop[1] + stride[1] - 1, 0) / stride[1] + 1;
        NDManager m = img.getManager();
        NDArray preds = m.zeros(new Shape(n, model.numClasses(), hImg, wImg), img.getDataType());
        float[] count = new float[hImg * wImg];
        for (int hi = 0; hi < hGrids; hi++) {
            for (int wi = 0; wi < wGrids; wi++) {
                int y2 = Math.min(hi * stride[0] + crop[0], hImg);
                int x2 = Math.min(wi * stride[1] + crop[1], wImg);
                int y1 = Math.max(y2 - crop[0], 0);
                int x1 = Math.max(x2 - crop[1], 0);
                // one scope per window: only the running sum outlives it
                try (NDScope ignored = new NDScope()) {
                    NDArray window = img.get(new NDIndex(":, :, {}:{}, {}:{}", y1, y2, x1, x2));
                    NDArray logit = model.encodeDecode(window);
                    NDArray padded = logit.pad(new Shape(x1, wImg - x2, y1, hImg - y2), 0);
                    preds.addi(padded);
                }
                for (int y = y1; y < y2; y++) {
                    for (int x = x1; x < x2; x++) {
                        count[y * wImg + x] += 1;
                    }
                }
            }
        }
        for (float c : count) {
            if (c == 0) {
                throw new IllegalStateException("slide inference left a pixel uncovered"); // cannot happen
            }
        }
        try (NDArray countMat = m.create(count, new Shape(1, 1, hImg, wImg))) {
            return preds.divi(countMat);
        }
    }
}
