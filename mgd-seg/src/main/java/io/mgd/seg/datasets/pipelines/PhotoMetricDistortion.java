package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmseg {@code PhotoMetricDistortion(brightness_delta=32, contrast_range=(0.5, 1.5),
 * saturation_range=(0.5, 1.5), hue_delta=18)}, in mmseg's order: brightness; a coin picks
 * whether contrast comes now (mode 1) or last (mode 0); saturation; hue; contrast if mode 0.
 * Each step happens with probability 1/2.
 *
 * <p>{@code convert(img, alpha, beta)} is mmseg's: {@code img.astype(float32) * alpha + beta},
 * clipped to [0, 255] and truncated to uint8, computed in float32 as numpy does with Python
 * scalars. Saturation scales S and hue shifts H ({@code (H + delta) % 180}) in
 * {@code mmcv.bgr2hsv} space ({@link Hsv}, OpenCV-exact for uint8 images).
 *
 * <p>Draws, in order: brightness coin and {@code uniform(-delta, delta)}; mode coin; if mode 1,
 * contrast coin and {@code uniform(lower, upper)}; saturation coin and uniform; hue coin and
 * {@code randint(-hue_delta, hue_delta)} (upper bound exclusive, as numpy's); if mode 0,
 * contrast coin and uniform.
 */
public final class PhotoMetricDistortion implements Transform {
    /** Options (mmseg names and defaults). */
    public record Options(@Default("32") int brightnessDelta, @Default("[0.5, 1.5]") double[] contrastRange,
            @Default("[0.5, 1.5]") double[] saturationRange, @Default("18") int hueDelta) {
        public Options {
            Args.range(contrastRange, NAME, "contrast_range");
            Args.range(saturationRange, NAME, "saturation_range");
            Args.check(brightnessDelta >= 0 && hueDelta >= 0, NAME,
                    "brightness_delta and hue_delta must be >= 0, got " + brightnessDelta + " and " + hueDelta);
        }
    }

    /**
     * The random choices of one call; a null value means the step is skipped.
     *
     * @param brightness beta added to every sample
     * @param contrastFirst mode 1: contrast right after brightness, else after hue
     * @param contrast alpha multiplying every sample
     * @param saturation alpha multiplying S
     * @param hue delta added to H
     */
    record Decisions(Double brightness, boolean contrastFirst, Double contrast, Double saturation, Integer hue) {}

    private static final String NAME = "PhotoMetricDistortion";
    private final Options o;

    public PhotoMetricDistortion(Options o) {
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Image img = Fields.image(results, "img", NAME);
        results.put("img", distort(img, draw(rng)));
        return results;
    }

    /** Draws the decisions in mmseg's order. */
    Decisions draw(RandomGenerator rng) {
        Double brightness = coin(rng) ? uniform(rng, -o.brightnessDelta(), o.brightnessDelta()) : null;
        boolean contrastFirst = coin(rng);
        Double contrast = null;
        if (contrastFirst) {
            contrast = coin(rng) ? uniform(rng, o.contrastRange()[0], o.contrastRange()[1]) : null;
        }
        Double saturation = coin(rng) ? uniform(rng, o.saturationRange()[0], o.saturationRange()[1]) : null;
        Integer hue = coin(rng) ? o.hueDelta() == 0 ? Integer.valueOf(0) : rng.nextInt(-o.hueDelta(), o.hueDelta())
                : null;
        if (!contrastFirst) {
            contrast = coin(rng) ? uniform(rng, o.contrastRange()[0], o.contrastRange()[1]) : null;
        }
        return new Decisions(brightness, contrastFirst, contrast, saturation, hue);
    }

    /** Applies decided distortions in mmseg's order. */
    static Image distort(Image img, Decisions d) {
        if (d.brightness() != null) {
            img = convert(img, 1.0f, d.brightness().floatValue());
        }
        if (d.contrastFirst() && d.contrast() != null) {
            img = convert(img, d.contrast().floatValue(), 0.0f);
        }
        if (d.saturation() != null) {
            img = saturation(img, d.saturation().floatValue());
        }
        if (d.hue() != null) {
            img = hue(img, d.hue());
        }
        if (!d.contrastFirst() && d.contrast() != null) {
            img = convert(img, d.contrast().floatValue(), 0.0f);
        }
        return img;
    }

    /** {@code clip(img.astype(float32) * alpha + beta, 0, 255).astype(uint8)} on every sample. */
    static Image convert(Image img, float alpha, float beta) {
        byte[] out = new byte[img.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = convert(sample(img, i), alpha, beta);
        }
        return Image.ofUint8(img.height(), img.width(), img.channels(), out);
    }

    private static byte convert(float x, float alpha, float beta) {
        float v = x * alpha + beta;
        return (byte) (int) Math.max(0.0f, Math.min(255.0f, v));
    }

    private static Image saturation(Image img, float alpha) {
        Image hsv = Hsv.bgr2hsv(img);
        int n = hsv.height() * hsv.width();
        if (hsv.dtype() == Image.DType.UINT8) {
            byte[] s = hsv.uint8Data().clone();
            for (int p = 0; p < n; p++) {
                s[p * 3 + 1] = convert(s[p * 3 + 1] & 0xFF, alpha, 0.0f);
            }
            return Hsv.hsv2bgr(Image.ofUint8(hsv.height(), hsv.width(), 3, s));
        }
        float[] s = hsv.float32Data().clone();
        for (int p = 0; p < n; p++) {
            s[p * 3 + 1] = convert(s[p * 3 + 1], alpha, 0.0f) & 0xFF;
        }
        return Hsv.hsv2bgr(Image.ofFloat32(hsv.height(), hsv.width(), 3, s));
    }

    private static Image hue(Image img, int delta) {
        Image hsv = Hsv.bgr2hsv(img);
        int n = hsv.height() * hsv.width();
        if (hsv.dtype() == Image.DType.UINT8) {
            byte[] s = hsv.uint8Data().clone();
            for (int p = 0; p < n; p++) {
                s[p * 3] = (byte) Math.floorMod((s[p * 3] & 0xFF) + delta, 180);
            }
            return Hsv.hsv2bgr(Image.ofUint8(hsv.height(), hsv.width(), 3, s));
        }
        float[] s = hsv.float32Data().clone();
        for (int p = 0; p < n; p++) {
            s[p * 3] = Math.floorMod((int) s[p * 3] + delta, 180);
        }
        return Hsv.hsv2bgr(Image.ofFloat32(hsv.height(), hsv.width(), 3, s));
    }

    private static float sample(Image img, int i) {
        return img.dtype() == Image.DType.UINT8 ? img.uint8Data()[i] & 0xFF : img.float32Data()[i];
    }

    /** {@code numpy.random.randint(2)}: true for 1. */
    private static boolean coin(RandomGenerator rng) {
        return rng.nextInt(2) == 1;
    }

    /** {@code numpy.random.uniform(low, high)} = {@code low + (high - low) * random()}. */
    private static double uniform(RandomGenerator rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }
}
