package io.mgd.cls.datasets.pipelines;

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
 * mmcls {@code RandomCrop(size, padding=None, pad_if_needed=False, pad_val=0,
 * padding_mode='constant')}. {@code padding} (int, (lr, tb) or (l, t, r, b)) is always applied
 * with constant {@code pad_val}; {@code pad_if_needed} pads a too-small side by the shortfall
 * on both ends with {@code padding_mode}, as mmcls does; then a uniformly placed crop.
 */
public final class RandomCrop implements Transform {
    /** Options (mmcls names and defaults). */
    public record Options(Object size, @Default("null") Object padding, @Default("false") boolean padIfNeeded,
            @Default("0") Object padVal, @Default("constant") String paddingMode) {
        public Options {
            Args.check(List.of("constant", "edge", "reflect", "symmetric").contains(paddingMode), NAME,
                    "padding_mode must be constant, edge, reflect or symmetric, got '" + paddingMode + "'");
        }
    }

    private static final String NAME = "RandomCrop";
    private final int[] size;
    private final int[] padding;
    private final double[] padVal;
    private final Options o;

    public RandomCrop(Options o) {
        this.size = Args.pair(o.size(), NAME, "size");
        this.padding = o.padding() == null ? null : ltrb(o.padding());
        this.padVal = Args.values(o.padVal(), NAME, "pad_val");
        this.o = o;
    }

    private static int[] ltrb(Object p) {
        if (p instanceof Long v) {
            return new int[] {v.intValue(), v.intValue(), v.intValue(), v.intValue()};
        }
        double[] v = Args.values(p, NAME, "padding");
        Args.check(v.length == 2 || v.length == 4, NAME, "padding must be an int or a 2 or 4 element tuple, got " + p);
        return v.length == 2 ? new int[] {(int) v[0], (int) v[1], (int) v[0], (int) v[1]}
                : new int[] {(int) v[0], (int) v[1], (int) v[2], (int) v[3]};
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, NAME);
            if (padding != null) {
                img = ImageOps.impad(img, padding[0], padding[1], padding[2], padding[3], padVal, "constant");
            }
            if (o.padIfNeeded() && img.height() < size[0]) {
                int d = size[0] - img.height();
                img = ImageOps.impad(img, 0, d, 0, d, padVal, o.paddingMode());
            }
            if (o.padIfNeeded() && img.width() < size[1]) {
                int d = size[1] - img.width();
                img = ImageOps.impad(img, d, 0, d, 0, padVal, o.paddingMode());
            }
            int h = img.height();
            int w = img.width();
            if (h < size[0] || w < size[1]) {
                throw new MgdException(NAME + ": image " + img + " is smaller than the crop size (" + size[0] + ", "
                        + size[1] + "); set padding or pad_if_needed=True");
            }
            int ymin = 0;
            int xmin = 0;
            if (!(h == size[0] && w == size[1])) {
                ymin = rng.nextInt(0, h - size[0] + 1);
                xmin = rng.nextInt(0, w - size[1] + 1);
            }
            results.put(key, ImageOps.imcrop(img, xmin, ymin, xmin + size[1] - 1, ymin + size[0] - 1));
        }
        return results;
    }
}
