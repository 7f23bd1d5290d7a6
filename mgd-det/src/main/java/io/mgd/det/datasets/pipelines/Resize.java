package io.mgd.det.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * mmdet {@code Resize(img_scale=None, multiscale_mode='range', ratio_range=None,
 * keep_ratio=True, bbox_clip_border=True, backend='cv2', interpolation='bilinear',
 * override=False)}.
 *
 * <p>The target {@code scale} is {@code results['scale']} when set (by MultiScaleFlipAug), else
 * computed from a float {@code results['scale_factor']}, else drawn: a ratio from
 * {@code ratio_range} times the one scale; a long and a short edge uniformly from the range of
 * two scales ({@code 'range'}); or one of the scales ({@code 'value'}). With {@code keep_ratio}
 * the image is rescaled to fit within (long, short) edges ({@code mmcv.imrescale}), otherwise
 * resized to {@code (w, h)} exactly. Sets {@code img_shape}, {@code pad_shape},
 * {@code scale_factor} = float32 {@code [w_scale, h_scale, w_scale, h_scale]} (actual new/old
 * sizes), {@code keep_ratio}; boxes of every {@code bbox_fields} entry are multiplied by it and,
 * with {@code bbox_clip_border}, clipped to the new image.
 */
public final class Resize implements Transform {
    /** Options (mmdet names and defaults). */
    public record Options(@Default("null") Object imgScale, @Default("range") String multiscaleMode,
            @Default("null") double[] ratioRange, @Default("true") boolean keepRatio,
            @Default("true") boolean bboxClipBorder, @Default("cv2") String backend,
            @Default("bilinear") String interpolation, @Default("false") boolean override) {}

    private static final String NAME = "Resize";
    private final List<int[]> imgScale;
    private final Options o;

    public Resize(Options o) {
        this.imgScale = o.imgScale() == null ? null : Args.scales(o.imgScale(), NAME, "img_scale");
        if (o.ratioRange() != null) {
            Args.check(imgScale != null && imgScale.size() == 1, NAME,
                    "ratio_range needs exactly one img_scale, got " + (imgScale == null ? "none" : imgScale.size()));
            Args.check(o.ratioRange().length == 2 && o.ratioRange()[0] <= o.ratioRange()[1], NAME,
                    "ratio_range must be (min_ratio, max_ratio) with min <= max");
        } else {
            Args.check(Set.of("value", "range").contains(o.multiscaleMode()), NAME,
                    "multiscale_mode must be 'value' or 'range', got '" + o.multiscaleMode() + "'");
            Args.check(!o.multiscaleMode().equals("range") || imgScale == null || imgScale.size() <= 2, NAME,
                    "multiscale_mode 'range' takes one or two scales, got " + (imgScale == null ? 0 : imgScale.size()));
        }
        Args.check(o.backend().equals("cv2"), NAME, "backend '" + o.backend() + "' is not supported; only 'cv2'");
        Args.check(Set.of("bilinear", "nearest").contains(o.interpolation()), NAME,
                "interpolation '" + o.interpolation() + "' is not supported; supported are bilinear, nearest");
        this.o = o;
    }

    /** Draws {@code (scale, scale_idx)} as mmdet's {@code _random_scale}. */
    int[] randomScale(Map<String, Object> results, RandomGenerator rng) {
        if (imgScale == null) {
            throw new MgdException(NAME + ": no img_scale given and results carry no 'scale' or 'scale_factor'");
        }
        int[] scale;
        Integer idx;
        if (o.ratioRange() != null) {
            double ratio = rng.nextDouble() * (o.ratioRange()[1] - o.ratioRange()[0]) + o.ratioRange()[0];
            int[] s = imgScale.get(0);
            scale = new int[] {(int) (s[0] * ratio), (int) (s[1] * ratio)};
            idx = null;
        } else if (imgScale.size() == 1) {
            scale = imgScale.get(0);
            idx = 0;
        } else if (o.multiscaleMode().equals("range")) {
            int[] a = imgScale.get(0);
            int[] b = imgScale.get(1);
            int longLo = Math.min(Math.max(a[0], a[1]), Math.max(b[0], b[1]));
            int longHi = Math.max(Math.max(a[0], a[1]), Math.max(b[0], b[1]));
            int shortLo = Math.min(Math.min(a[0], a[1]), Math.min(b[0], b[1]));
            int shortHi = Math.max(Math.min(a[0], a[1]), Math.min(b[0], b[1]));
            int longEdge = rng.nextInt(longLo, longHi + 1);
            int shortEdge = rng.nextInt(shortLo, shortHi + 1);
            scale = new int[] {longEdge, shortEdge};
            idx = null;
        } else {
            idx = rng.nextInt(imgScale.size());
            scale = imgScale.get(idx);
        }
        results.put("scale", List.of(scale[0], scale[1]));
        results.put("scale_idx", idx);
        return scale;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        int[] scale;
        if (!results.containsKey("scale")) {
            if (results.containsKey("scale_factor")) {
                if (!(results.get("scale_factor") instanceof Number sf)) {
                    throw new MgdException(NAME + ": results['scale_factor'] set before Resize must be a float, got "
                            + results.get("scale_factor"));
                }
                Image img = Fields.image(results, "img", NAME);
                double f = sf.doubleValue();
                scale = new int[] {(int) (img.width() * f), (int) (img.height() * f)};
                results.put("scale", List.of(scale[0], scale[1]));
            } else {
                scale = randomScale(results, rng);
            }
        } else if (!o.override()) {
            if (results.containsKey("scale_factor")) {
                throw new MgdException(NAME + ": scale and scale_factor cannot be both set "
                        + "(use override=True to resize a second time)");
            }
            scale = Args.pair(results.get("scale"), NAME, "results['scale']");
        } else {
            results.remove("scale");
            results.remove("scale_factor");
            scale = randomScale(results, rng);
        }
        resizeImages(results, scale);
        resizeBoxes(results);
        return results;
    }

    private void resizeImages(Map<String, Object> results, int[] scale) {
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, NAME);
            Image out = o.keepRatio()
                    ? ImageOps.imrescale(img, scale[0], scale[1], o.interpolation())
                    : ImageOps.imresize(img, scale[0], scale[1], o.interpolation());
            float ws = (float) ((double) out.width() / img.width());
            float hs = (float) ((double) out.height() / img.height());
            results.put(key, out);
            results.put("img_shape", out.shape());
            results.put("pad_shape", out.shape());
            results.put("scale_factor", new float[] {ws, hs, ws, hs});
            results.put("keep_ratio", o.keepRatio());
        }
    }

    private void resizeBoxes(Map<String, Object> results) {
        if (!(results.get("scale_factor") instanceof float[] sf)) {
            return;
        }
        List<?> shape = (List<?>) results.get("img_shape");
        for (String key : Boxes.fields(results)) {
            float[] b = Boxes.scale(Boxes.get(results, key, NAME), sf);
            if (o.bboxClipBorder()) {
                Boxes.clip(b, ((Number) shape.get(1)).intValue(), ((Number) shape.get(0)).intValue());
            }
            results.put(key, Boxes.of(b));
        }
    }
}
