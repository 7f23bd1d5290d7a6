package io.mgd.det.datasets.pipelines;

import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * mmdet {@code RandomFlip(flip_ratio=None, direction='horizontal')}: a float ratio with one
 * direction flips with that probability; a float with several directions splits it evenly; a
 * list of ratios gives one per direction. {@code results['flip']} and
 * {@code results['flip_direction']}, when already set (MultiScaleFlipAug), decide instead of a
 * draw. Images are flipped with {@code mmcv.imflip}; boxes of every {@code bbox_fields} entry
 * with mmdet's {@code bbox_flip} against {@code img_shape}: horizontally
 * {@code x1' = w - x2, x2' = w - x1}, vertically {@code y1' = h - y2, y2' = h - y1}, diagonal both.
 */
public final class RandomFlip implements Transform {
    /** Options (mmdet names and defaults). */
    public record Options(@Default("null") Object flipRatio, @Default("horizontal") Object direction) {}

    private static final String NAME = "RandomFlip";
    private static final Set<String> DIRECTIONS = Set.of("horizontal", "vertical", "diagonal");
    private final List<String> directions;
    /** One probability per direction followed by the probability of not flipping; null without a ratio. */
    private final double[] probabilities;

    public RandomFlip(Options o) {
        this.directions = Args.strings(o.direction(), NAME, "direction");
        Args.check(DIRECTIONS.containsAll(directions), NAME,
                "direction must be 'horizontal', 'vertical' or 'diagonal' (or a list of them), got " + directions);
        Object r = o.flipRatio();
        if (r == null) {
            probabilities = null;
        } else if (r instanceof List<?>) {
            double[] ratios = Args.numbers(r, NAME, "flip_ratio");
            Args.check(ratios.length == directions.size(), NAME, "flip_ratio has " + ratios.length
                    + " values but direction has " + directions.size() + "; give one ratio per direction");
            double sum = 0;
            for (double x : ratios) {
                sum += x;
            }
            Args.check(sum >= 0 && sum <= 1, NAME, "the flip ratios must sum to a value in [0, 1], got " + sum);
            probabilities = append(ratios, 1 - sum);
        } else {
            double ratio = Args.numbers(r, NAME, "flip_ratio")[0];
            Args.check(ratio >= 0 && ratio <= 1, NAME, "flip_ratio must be in [0, 1], got " + ratio);
            double[] each = new double[directions.size()];
            java.util.Arrays.fill(each, ratio / directions.size());
            probabilities = append(each, 1 - ratio);
        }
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (!results.containsKey("flip")) {
            if (probabilities == null) {
                throw new MgdException(NAME + ": flip_ratio is None and results carry no 'flip'; give a flip_ratio "
                        + "or use RandomFlip inside MultiScaleFlipAug");
            }
            String dir = choose(rng.nextDouble());
            results.put("flip", dir != null);
            results.putIfAbsent("flip_direction", dir);
        } else if (!results.containsKey("flip_direction")) {
            throw new MgdException(NAME + ": results carry 'flip' but no 'flip_direction'");
        }
        if (Boolean.TRUE.equals(results.get("flip"))) {
            String dir = String.valueOf(results.get("flip_direction"));
            for (String key : Fields.imageFields(results)) {
                results.put(key, ImageOps.imflip(Fields.image(results, key, NAME), dir));
            }
            List<?> shape = (List<?>) results.get("img_shape");
            int h = ((Number) shape.get(0)).intValue();
            int w = ((Number) shape.get(1)).intValue();
            for (String key : Boxes.fields(results)) {
                results.put(key, Boxes.of(Boxes.flip(Boxes.get(results, key, NAME), h, w, dir)));
            }
        }
        return results;
    }

    /** {@code np.random.choice(directions + [None], p=...)}: the first entry whose cumulative share exceeds u. */
    String choose(double u) {
        double total = 0;
        for (double p : probabilities) {
            total += p;
        }
        double cdf = 0;
        for (int i = 0; i < probabilities.length; i++) {
            cdf += probabilities[i];
            if (cdf / total > u) {
                return i < directions.size() ? directions.get(i) : null;
            }
        }
        return null;
    }

    private static double[] append(double[] a, double last) {
        List<Double> l = new ArrayList<>();
        for (double x : a) {
            l.add(x);
        }
        l.add(last);
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
