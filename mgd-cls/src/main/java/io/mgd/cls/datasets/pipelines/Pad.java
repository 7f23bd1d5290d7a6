package io.mgd.cls.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcls {@code Pad(size=None, pad_to_square=False, pad_val=0, padding_mode='constant')}: pads
 * at the bottom and right to {@code size} (h, w) or to a square of the longer side; exactly
 * one of the two must be given. Updates {@code img_shape}.
 */
public final class Pad implements Transform {
    /** Options (mmcls names and defaults). */
    public record Options(@Default("null") Object size, @Default("false") boolean padToSquare,
            @Default("0") Object padVal, @Default("constant") String paddingMode) {
        public Options {
            Args.check(size == null ^ !padToSquare, "Pad", "Only one of [size, pad_to_square] should be given");
        }
    }

    private final int[] size;
    private final double[] padVal;
    private final Options o;

    public Pad(Options o) {
        this.size = o.size() == null ? null : Args.pair(o.size(), "Pad", "size");
        this.padVal = Args.values(o.padVal(), "Pad", "pad_val");
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, "Pad");
            int th;
            int tw;
            if (o.padToSquare()) {
                th = tw = Math.max(img.height(), img.width());
            } else {
                th = size[0];
                tw = size[1];
            }
            Image out = ImageOps.impad(img, 0, 0, tw - img.width(), th - img.height(), padVal, o.paddingMode());
            results.put(key, out);
            results.put("img_shape", out.shape());
        }
        return results;
    }
}
