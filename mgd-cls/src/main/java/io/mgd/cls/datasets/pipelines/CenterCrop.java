package io.mgd.cls.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcls {@code CenterCrop(crop_size, efficientnet_style=False, crop_padding=32,
 * interpolation='bilinear', backend='cv2')}. The top-left corner is
 * {@code max(0, round((h - ch) / 2))} with Python's round-half-to-even; an image smaller than the
 * crop keeps its size along that side. EfficientNet style crops
 * {@code crop / (crop + crop_padding) · short_side} and resizes to {@code crop_size}.
 */
public final class CenterCrop implements Transform {
    /** Options (mmcls names and defaults). */
    public record Options(Object cropSize, @Default("false") boolean efficientnetStyle,
            @Default("32") int cropPadding, @Default("bilinear") String interpolation,
            @Default("cv2") String backend) {}

    private static final String NAME = "CenterCrop";
    private final int[] crop;
    private final Options o;

    public CenterCrop(Options o) {
        this.crop = Args.pair(o.cropSize(), NAME, "crop_size");
        Args.check(crop[0] > 0 && crop[1] > 0, NAME, "crop_size must be positive, got " + o.cropSize());
        Args.check(!o.efficientnetStyle() || o.cropSize() instanceof Long, NAME,
                "efficientnet_style needs an int crop_size");
        Args.check(o.cropPadding() >= 0, NAME, "crop_padding must be >= 0");
        Args.cv2Backend(o.backend(), NAME);
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Object shape = null;
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, NAME);
            int h = img.height();
            int w = img.width();
            double ch = crop[0];
            double cw = crop[1];
            if (o.efficientnetStyle()) {
                int shortSide = Math.min(h, w);
                ch = ch / (ch + o.cropPadding()) * shortSide;
                cw = cw / (cw + o.cropPadding()) * shortSide;
            }
            double y1 = Math.max(0, Math.rint((h - ch) / 2.0));
            double x1 = Math.max(0, Math.rint((w - cw) / 2.0));
            double y2 = Math.min(h, y1 + ch) - 1;
            double x2 = Math.min(w, x1 + cw) - 1;
            // mmcv.imcrop casts the box to int32 (truncation).
            Image out = ImageOps.imcrop(img, (int) x1, (int) y1, (int) x2, (int) y2);
            if (o.efficientnetStyle()) {
                out = ImageOps.imresize(out, crop[1], crop[0], o.interpolation());
            }
            results.put(key, out);
            shape = out.shape();
        }
        results.put("img_shape", shape);
        return results;
    }
}
