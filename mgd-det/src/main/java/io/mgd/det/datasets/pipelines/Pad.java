package io.mgd.det.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmdet {@code Pad(size=None, size_divisor=None, pad_to_square=False,
 * pad_val=dict(img=0, masks=0, seg=255))}: pads images at the bottom and right to a fixed
 * {@code size} (h, w), to the next multiple of {@code size_divisor} ({@code mmcv.impad_to_multiple}),
 * or to a square of the longer side. Sets {@code pad_shape}, {@code pad_fixed_size},
 * {@code pad_size_divisor}; {@code img_shape} keeps the unpadded size (boxes are clipped to it).
 * A plain number for {@code pad_val} is mmdet's deprecated form and is still accepted.
 */
public final class Pad implements Transform {
    /** Options (mmdet names and defaults). */
    public record Options(@Default("null") Object size, @Default("null") Integer sizeDivisor,
            @Default("false") boolean padToSquare, @Default("{img: 0, masks: 0, seg: 255}") Object padVal) {
        public Options {
            if (padToSquare) {
                Args.check(size == null && sizeDivisor == null, "Pad",
                        "The size and size_divisor must be None when pad2square is True");
            } else {
                Args.check(size != null ^ sizeDivisor != null, "Pad",
                        "exactly one of size and size_divisor must be given");
            }
            Args.check(sizeDivisor == null || sizeDivisor > 0, "Pad", "size_divisor must be positive");
        }
    }

    private final Options o;
    private final int[] size;
    private final double[] padVal;

    public Pad(Options o) {
        this.o = o;
        this.size = o.size() == null ? null : Args.pair(o.size(), "Pad", "size");
        this.padVal = Args.imagePadValue(o.padVal(), "Pad");
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Image padded = null;
        int[] fixed = size;
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, "Pad");
            int th;
            int tw;
            if (o.padToSquare()) {
                th = tw = Math.max(img.height(), img.width());
                fixed = new int[] {th, tw};
            } else if (size != null) {
                th = size[0];
                tw = size[1];
            } else {
                th = divisible(img.height(), o.sizeDivisor());
                tw = divisible(img.width(), o.sizeDivisor());
            }
            if (th < img.height() || tw < img.width()) {
                throw new MgdException("Pad: size (" + th + ", " + tw + ") is smaller than the image " + img);
            }
            padded = ImageOps.impad(img, 0, 0, tw - img.width(), th - img.height(), padVal, "constant");
            results.put(key, padded);
        }
        if (padded != null) {
            results.put("pad_shape", padded.shape());
        }
        results.put("pad_fixed_size", fixed == null ? null : List.of(fixed[0], fixed[1]));
        results.put("pad_size_divisor", o.sizeDivisor());
        return results;
    }

    /** {@code int(np.ceil(n / divisor)) * divisor}. */
    static int divisible(int n, int divisor) {
        return (n + divisor - 1) / divisor * divisor;
    }
}
