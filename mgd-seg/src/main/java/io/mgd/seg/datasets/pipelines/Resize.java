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
 * mmseg 0.20 {@code Resize(img_scale=None, multiscale_mode='range', ratio_range=None,
 * keep_ratio=True)}. The target {@code scale} is {@code results['scale']} when set (by
 * MultiScaleFlipAug), otherwise drawn: with {@code ratio_range}, {@code img_scale} (or the image's
 * own (w, h) when {@code img_scale} is None) times a uniform ratio, each side truncated; with one
 * scale, that scale; with several, a scale sampled in the box they span ('range', long and short
 * edge drawn independently) or one of them ('value').
 *
 * <p>{@code keep_ratio}: {@code mmcv.imrescale} to fit within (long edge, short edge) = (max,
 * min) of the scale; otherwise {@code mmcv.imresize} to (w, h) = scale. The image is bilinear,
 * every map in {@code seg_fields} nearest. Sets {@code img_shape}, {@code pad_shape},
 * {@code scale_factor} (float32 [w_scale, h_scale, w_scale, h_scale]) and {@code keep_ratio}.
 */
public final class Resize implements Transform {
    /** Options (mmseg names and defaults); {@code img_scale} is a (w, h) tuple or a list of them. */
    public record Options(@Default("null") Object imgScale, @Default("range") String multiscaleMode,
            @Default("null") double[] ratioRange, @Default("true") boolean keepRatio) {}

    private static final String NAME = "Resize";
    private final List<int[]> imgScale;
    private final String multiscaleMode;
    private final double[] ratioRange;
    private final boolean keepRatio;

    public Resize(Options o) {
        this.imgScale = Args.scales(o.imgScale(), NAME, "img_scale");
        this.ratioRange = o.ratioRange() == null ? null : Args.range(o.ratioRange(), NAME, "ratio_range");
        if (ratioRange != null) {
            Args.check(imgScale == null || imgScale.size() == 1, NAME,
                    "with ratio_range, img_scale must be None or a single scale, got " + imgScale.size() + " scales");
        } else {
            Args.check(o.multiscaleMode().equals("value") || o.multiscaleMode().equals("range"), NAME,
                    "multiscale_mode must be 'value' or 'range', got '" + o.multiscaleMode() + "'");
        }
        this.multiscaleMode = o.multiscaleMode();
        this.keepRatio = o.keepRatio();
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Image img = Fields.image(results, "img", NAME);
        if (!results.containsKey("scale")) {
            randomScale(results, img, rng);
        }
        int[] scale = Args.pair(results.get("scale"), NAME, "results['scale']");
        Image out;
        if (keepRatio) {
            out = ImageOps.imrescale(img, Math.max(scale[0], scale[1]), Math.min(scale[0], scale[1]), "bilinear");
        } else {
            out = ImageOps.imresize(img, scale[0], scale[1], "bilinear");
        }
        float wScale = (float) ((double) out.width() / img.width());
        float hScale = (float) ((double) out.height() / img.height());
        results.put("img", out);
        results.put("img_shape", out.shape());
        results.put("pad_shape", out.shape());
        results.put("scale_factor", new float[] {wScale, hScale, wScale, hScale});
        results.put("keep_ratio", keepRatio);
        for (String key : SegFields.segFields(results)) {
            Image seg = SegFields.segMap(results, key, NAME);
            results.put(key, keepRatio
                    ? ImageOps.imrescale(seg, Math.max(scale[0], scale[1]), Math.min(scale[0], scale[1]), "nearest")
                    : ImageOps.imresize(seg, scale[0], scale[1], "nearest"));
        }
        return results;
    }

    private void randomScale(Map<String, Object> results, Image img, RandomGenerator rng) {
        int[] scale;
        Object idx;
        if (ratioRange != null) {
            int[] base = imgScale == null ? new int[] {img.width(), img.height()} : imgScale.get(0);
            double ratio = rng.nextDouble() * (ratioRange[1] - ratioRange[0]) + ratioRange[0];
            scale = new int[] {(int) (base[0] * ratio), (int) (base[1] * ratio)};
            idx = null;
        } else if (imgScale == null) {
            throw new MgdException(NAME + ": img_scale is None and ratio_range is None, and results have no 'scale' "
                    + "(set img_scale or ratio_range, or use it inside MultiScaleFlipAug)");
        } else if (imgScale.size() == 1) {
            scale = imgScale.get(0);
            idx = 0L;
        } else if (multiscaleMode.equals("range")) {
            scale = sampleRange(rng);
            idx = null;
        } else {
            int i = rng.nextInt(imgScale.size());
            scale = imgScale.get(i);
            idx = (long) i;
        }
        results.put("scale", List.of(scale[0], scale[1]));
        results.put("scale_idx", idx);
    }

    /** {@code random_sample}: two scales bound a box; long and short edge are drawn in it. */
    private int[] sampleRange(RandomGenerator rng) {
        Args.check(imgScale.size() == 2, NAME, "multiscale_mode 'range' needs exactly two scales, got "
                + imgScale.size());
        int[] a = imgScale.get(0);
        int[] b = imgScale.get(1);
        int longLo = Math.min(Math.max(a[0], a[1]), Math.max(b[0], b[1]));
        int longHi = Math.max(Math.max(a[0], a[1]), Math.max(b[0], b[1]));
        int shortLo = Math.min(Math.min(a[0], a[1]), Math.min(b[0], b[1]));
        int shortHi = Math.max(Math.min(a[0], a[1]), Math.min(b[0], b[1]));
        int longEdge = longLo + rng.nextInt(longHi - longLo + 1);
        int shortEdge = shortLo + rng.nextInt(shortHi - shortLo + 1);
        return new int[] {longEdge, shortEdge};
    }
}
