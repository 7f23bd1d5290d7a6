package io.mgd.core.data.transforms;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.registry.Default;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcv-style {@code Normalize(mean, std, to_rgb=True)}: {@link ImageOps#imnormalize} on every
 * image field (float32 result) and records {@code img_norm_cfg}. Same in mmcls, mmdet, mmseg.
 */
public final class Normalize implements Transform {
    /** Options; mean and std are stored as float32 as mmcls does. */
    public record Options(double[] mean, double[] std, @Default("true") boolean toRgb) {}

    private final float[] mean;
    private final float[] std;
    private final boolean toRgb;

    public Normalize(Options o) {
        this.mean = toFloat(o.mean());
        this.std = toFloat(o.std());
        this.toRgb = o.toRgb();
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : Fields.imageFields(results)) {
            results.put(key, ImageOps.imnormalize(Fields.image(results, key, "Normalize"), mean, std, toRgb));
        }
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("mean", mean.clone());
        norm.put("std", std.clone());
        norm.put("to_rgb", toRgb);
        results.put("img_norm_cfg", norm);
        return results;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
