package io.mgd.cls.datasets.pipelines;

import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcls {@code RandomFlip(flip_prob=0.5, direction='horizontal')}: flips when a uniform draw is
 * below {@code flip_prob}; records {@code flip} and {@code flip_direction}.
 */
public final class RandomFlip implements Transform {
    /** Options (mmcls names and defaults). */
    public record Options(@Default("0.5") double flipProb, @Default("horizontal") String direction) {
        public Options {
            Args.check(flipProb >= 0 && flipProb <= 1, "RandomFlip", "flip_prob must be in [0, 1], got " + flipProb);
            Args.check(direction.equals("horizontal") || direction.equals("vertical"), "RandomFlip",
                    "direction must be 'horizontal' or 'vertical', got '" + direction + "'");
        }
    }

    private final Options o;

    public RandomFlip(Options o) {
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        boolean flip = rng.nextDouble() < o.flipProb();
        results.put("flip", flip);
        results.put("flip_direction", o.direction());
        if (flip) {
            for (String key : Fields.imageFields(results)) {
                results.put(key, ImageOps.imflip(Fields.image(results, key, "RandomFlip"), o.direction()));
            }
        }
        return results;
    }
}
