package io.mgd.seg.datasets.pipelines;

import io.mgd.core.config.ConfigException;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmseg {@code RandomFlip(prob=None, direction='horizontal')} (the deprecated {@code flip_ratio}
 * is read as {@code prob}): keeps {@code results['flip']} and {@code flip_direction} when set (by
 * MultiScaleFlipAug), otherwise flips when a uniform draw is below {@code prob}; flips
 * {@code img} and every map in {@code seg_fields}.
 */
public final class RandomFlip implements Transform {
    /** Options (mmseg names and defaults). */
    public record Options(@Default("null") Double prob, @Default("horizontal") String direction,
            @Default("null") Double flipRatio) {
        public Options {
            if (flipRatio != null) {
                if (prob != null) {
                    throw new ConfigException("RandomFlip: got both 'flip_ratio' (deprecated) and 'prob'; use 'prob'");
                }
                prob = flipRatio;
                flipRatio = null;
            }
            Args.check(prob == null || prob >= 0 && prob <= 1, NAME, "prob must be in [0, 1], got " + prob);
            Args.check(direction.equals("horizontal") || direction.equals("vertical"), NAME,
                    "direction must be 'horizontal' or 'vertical', got '" + direction + "'");
        }
    }

    private static final String NAME = "RandomFlip";
    private final Options o;

    public RandomFlip(Options o) {
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (!results.containsKey("flip")) {
            if (o.prob() == null) {
                throw new MgdException(NAME + ": prob is None and results have no 'flip'; set prob, or use RandomFlip "
                        + "inside MultiScaleFlipAug");
            }
            results.put("flip", rng.nextDouble() < o.prob());
        }
        if (!results.containsKey("flip_direction")) {
            results.put("flip_direction", o.direction());
        }
        if (Boolean.TRUE.equals(results.get("flip"))) {
            String direction = String.valueOf(results.get("flip_direction"));
            results.put("img", ImageOps.imflip(Fields.image(results, "img", NAME), direction));
            for (String key : SegFields.segFields(results)) {
                results.put(key, ImageOps.imflip(SegFields.segMap(results, key, NAME), direction));
            }
        }
        return results;
    }
}
