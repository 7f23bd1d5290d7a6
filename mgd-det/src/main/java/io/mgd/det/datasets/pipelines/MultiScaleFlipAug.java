package io.mgd.det.datasets.pipelines;

import io.mgd.core.data.Compose;
import io.mgd.core.data.Transform;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.det.datasets.DetDataModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmdet {@code MultiScaleFlipAug(transforms, img_scale=None, scale_factor=None, flip=False,
 * flip_direction='horizontal')}: runs {@code transforms} once per scale (or scale factor) and,
 * with {@code flip}, once more per flip direction, setting {@code scale} (or
 * {@code scale_factor}), {@code flip} and {@code flip_direction} before each run. Returns a dict
 * of lists: every key of the first augmented result maps to its values in order
 * {@code [scale0 unflipped, scale0 dir0, …, scale1 unflipped, …]}.
 */
public final class MultiScaleFlipAug implements Transform {
    /** Options (mmdet names and defaults). */
    public record Options(List<Object> transforms, @Default("null") Object imgScale,
            @Default("null") Object scaleFactor, @Default("false") boolean flip,
            @Default("horizontal") Object flipDirection) {
        public Options {
            Args.check(imgScale == null ^ scaleFactor == null, "MultiScaleFlipAug",
                    "Must have but only one variable can be set (img_scale or scale_factor)");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MultiScaleFlipAug.class);
    private final Compose transforms;
    private final List<Object> scales = new ArrayList<>();
    private final String scaleKey;
    private final boolean flip;
    private final List<String> flipDirections;

    public MultiScaleFlipAug(Options o, BuildContext ctx) {
        this.transforms = Compose.build(o.transforms(), ctx, DetDataModule.PIPELINES, Registries.TRANSFORMS);
        if (o.imgScale() != null) {
            for (int[] s : Args.scales(o.imgScale(), "MultiScaleFlipAug", "img_scale")) {
                scales.add(List.of(s[0], s[1]));
            }
            scaleKey = "scale";
        } else {
            for (double f : Args.numbers(o.scaleFactor(), "MultiScaleFlipAug", "scale_factor")) {
                scales.add(f);
            }
            scaleKey = "scale_factor";
        }
        this.flip = o.flip();
        this.flipDirections = Args.strings(o.flipDirection(), "MultiScaleFlipAug", "flip_direction");
        if (!flip && !flipDirections.equals(List.of("horizontal"))) {
            LOG.warn("MultiScaleFlipAug: flip_direction has no effect when flip is set to False");
        }
        if (flip && transforms.transforms().stream().noneMatch(t -> t instanceof RandomFlip)) {
            LOG.warn("MultiScaleFlipAug: flip has no effect when RandomFlip is not in transforms");
        }
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        List<Object[]> flipArgs = new ArrayList<>();
        flipArgs.add(new Object[] {false, null});
        if (flip) {
            for (String d : flipDirections) {
                flipArgs.add(new Object[] {true, d});
            }
        }
        List<Map<String, Object>> augs = new ArrayList<>();
        for (Object scale : scales) {
            for (Object[] fa : flipArgs) {
                Map<String, Object> r = new LinkedHashMap<>(results);
                r.put(scaleKey, scale);
                r.put("flip", fa[0]);
                r.put("flip_direction", fa[1]);
                Map<String, Object> data = transforms.apply(r, rng);
                if (data == null) {
                    throw new MgdException("MultiScaleFlipAug: a transform dropped the test sample");
                }
                augs.add(data);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : augs.get(0).keySet()) {
            List<Object> values = new ArrayList<>(augs.size());
            for (Map<String, Object> a : augs) {
                values.add(a.get(key));
            }
            out.put(key, values);
        }
        return out;
    }
}
