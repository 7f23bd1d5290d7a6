package io.mgd.seg.datasets.pipelines;

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
 * mmseg {@code Pad(size=None, size_divisor=None, pad_val=0, seg_pad_val=255)}: pads {@code img}
 * at the bottom and right to {@code size} (h, w) or to the next multiple of
 * {@code size_divisor}, then every map in {@code seg_fields} to the same {@code pad_shape} with
 * {@code seg_pad_val}. Sets {@code pad_shape}, {@code pad_fixed_size}, {@code pad_size_divisor}.
 */
public final class Pad implements Transform {
    /** Options (mmseg names and defaults); exactly one of size and size_divisor. */
    public record Options(@Default("null") Object size, @Default("null") Integer sizeDivisor,
            @Default("0") double padVal, @Default("255") double segPadVal) {
        public Options {
            Args.check(size != null || sizeDivisor != null, NAME, "one of size and size_divisor must be set");
            Args.check(size == null || sizeDivisor == null, NAME, "only one of size and size_divisor may be set");
            Args.check(sizeDivisor == null || sizeDivisor > 0, NAME, "size_divisor must be positive, got " + sizeDivisor);
        }
    }

    private static final String NAME = "Pad";
    private final int[] size;
    private final Options o;

    public Pad(Options o) {
        this.size = o.size() == null ? null : Args.pair(o.size(), NAME, "size");
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Image img = Fields.image(results, "img", NAME);
        int h;
        int w;
        if (size != null) {
            h = size[0];
            w = size[1];
        } else {
            int d = o.sizeDivisor();
            h = (img.height() + d - 1) / d * d;
            w = (img.width() + d - 1) / d * d;
        }
        Image padded = pad(img, h, w, o.padVal(), "image");
        results.put("img", padded);
        results.put("pad_shape", padded.shape());
        results.put("pad_fixed_size", size == null ? null : List.of(size[0], size[1]));
        results.put("pad_size_divisor", o.sizeDivisor());
        for (String key : SegFields.segFields(results)) {
            results.put(key, pad(SegFields.segMap(results, key, NAME), h, w, o.segPadVal(), key));
        }
        return results;
    }

    private static Image pad(Image img, int h, int w, double val, String what) {
        if (h < img.height() || w < img.width()) {
            throw new MgdException(NAME + ": cannot pad " + what + " of size (" + img.height() + ", " + img.width()
                    + ") to the smaller (" + h + ", " + w + "); crop or resize it first");
        }
        return ImageOps.impad(img, 0, 0, w - img.width(), h - img.height(), new double[] {val}, "constant");
    }
}
