package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmseg {@code RandomCrop(crop_size, cat_max_ratio=1., ignore_index=255)}: a crop of
 * {@code crop_size} (h, w) at a uniform offset (an image smaller than the crop is kept whole
 * along that side, as numpy slicing does). With {@code cat_max_ratio < 1}, up to 10 crops of
 * {@code gt_semantic_seg} are tried until one holds more than one label (ignoring
 * {@code ignore_index}) and no label covers {@code cat_max_ratio} or more of the counted
 * pixels; after 10 failures the 11th box drawn is used unchecked, as in mmseg.
 */
public final class RandomCrop implements Transform {
    /** Options (mmseg names and defaults). */
    public record Options(Object cropSize, @Default("1.0") double catMaxRatio, @Default("255") int ignoreIndex) {}

    private static final String NAME = "RandomCrop";
    private static final int TRIES = 10;
    private final int[] cropSize;
    private final double catMaxRatio;
    private final int ignoreIndex;

    public RandomCrop(Options o) {
        this.cropSize = Args.pair(o.cropSize(), NAME, "crop_size");
        Args.check(cropSize[0] > 0 && cropSize[1] > 0, NAME, "crop_size must be positive, got " + o.cropSize());
        this.catMaxRatio = o.catMaxRatio();
        this.ignoreIndex = o.ignoreIndex();
    }

    /** {@code get_crop_bbox}: (y1, y2, x1, x2), end-exclusive; draws the row offset first. */
    int[] cropBox(Image img, RandomGenerator rng) {
        int marginH = Math.max(img.height() - cropSize[0], 0);
        int marginW = Math.max(img.width() - cropSize[1], 0);
        int offH = rng.nextInt(marginH + 1);
        int offW = rng.nextInt(marginW + 1);
        return new int[] {offH, offH + cropSize[0], offW, offW + cropSize[1]};
    }

    static Image crop(Image img, int[] box) {
        return ImageOps.imcrop(img, box[2], box[0], box[3] - 1, box[1] - 1);
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Image img = Fields.image(results, "img", NAME);
        int[] box = cropBox(img, rng);
        if (catMaxRatio < 1.0) {
            Image seg = SegFields.segMap(results, "gt_semantic_seg", NAME);
            for (int t = 0; t < TRIES; t++) {
                if (balanced(crop(seg, box))) {
                    break;
                }
                box = cropBox(img, rng);
            }
        }
        Image out = crop(img, box);
        results.put("img", out);
        results.put("img_shape", out.shape());
        for (String key : SegFields.segFields(results)) {
            results.put(key, crop(SegFields.segMap(results, key, NAME), box));
        }
        return results;
    }

    /** {@code len(cnt) > 1 and max(cnt) / sum(cnt) < cat_max_ratio} over labels other than ignore_index. */
    private boolean balanced(Image seg) {
        long[] counts = new long[256];
        for (byte b : seg.uint8Data()) {
            counts[b & 0xFF]++;
        }
        int labels = 0;
        long max = 0;
        long sum = 0;
        for (int v = 0; v < 256; v++) {
            if (counts[v] > 0 && v != ignoreIndex) {
                labels++;
                max = Math.max(max, counts[v]);
                sum += counts[v];
            }
        }
        return labels > 1 && (double) max / sum < catMaxRatio;
    }
}
