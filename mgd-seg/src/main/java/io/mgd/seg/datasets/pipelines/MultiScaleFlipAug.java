package io.mgd.seg.datasets.pipelines;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Compose;
import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.seg.datasets.SegDataModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.LoggerFactory;

/**
 * mmseg {@code MultiScaleFlipAug(transforms, img_scale, img_ratios=None, flip=False,
 * flip_direction='horizontal')}: runs {@code transforms} once per (scale, flip, direction) with
 * {@code scale}, {@code flip} and {@code flip_direction} preset, and returns a dict of lists (one
 * entry per augmentation, scales outer, then no-flip/flip, then directions).
 *
 * <p>Scales: {@code img_scale} (w, h) times each of {@code img_ratios} (truncated) when both are
 * given; the image's own (w, h) times each ratio when {@code img_scale} is None; otherwise the
 * scale(s) as given.
 */
public final class MultiScaleFlipAug implements Transform {
    /** Options (mmseg names and defaults); {@code img_scale} must be given, possibly as None. */
    public record Options(List<Object> transforms, Object imgScale, @Default("null") Object imgRatios,
            @Default("false") boolean flip, @Default("horizontal") Object flipDirection) {}

    private static final String NAME = "MultiScaleFlipAug";
    private final Compose transforms;
    private final List<int[]> imgScale;
    private final double[] imgRatios;
    private final boolean flip;
    private final List<String> flipDirections;

    public MultiScaleFlipAug(Options o, BuildContext ctx) {
        this.transforms = Compose.build(o.transforms(), ctx, SegDataModule.PIPELINES, Registries.TRANSFORMS);
        this.imgRatios = Args.numbers(o.imgRatios(), NAME, "img_ratios");
        List<int[]> scales = Args.scales(o.imgScale(), NAME, "img_scale");
        if (scales == null) {
            Args.check(imgRatios != null, NAME, "img_ratios must be given when img_scale is None");
            this.imgScale = null;
        } else if (imgRatios != null && scales.size() == 1) {
            List<int[]> out = new ArrayList<>();
            for (double r : imgRatios) {
                out.add(new int[] {(int) (scales.get(0)[0] * r), (int) (scales.get(0)[1] * r)});
            }
            this.imgScale = List.copyOf(out);
        } else {
            this.imgScale = scales;
        }
        this.flip = o.flip();
        this.flipDirections = o.flipDirection() instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(o.flipDirection()));
        if (!flip && !flipDirections.equals(List.of("horizontal"))) {
            LoggerFactory.getLogger(MultiScaleFlipAug.class).warn("flip_direction has no effect when flip is set to False");
        }
        if (flip && o.transforms().stream().noneMatch(t -> t instanceof ConfigDict d && "RandomFlip".equals(d.get("type"))
                || t instanceof RandomFlip)) {
            LoggerFactory.getLogger(MultiScaleFlipAug.class).warn("flip has no effect when RandomFlip is not in transforms");
        }
    }

    /** The (w, h) scales used for an image of this size. */
    List<int[]> scalesFor(Image img) {
        if (imgScale != null) {
            return imgScale;
        }
        List<int[]> out = new ArrayList<>();
        for (double r : imgRatios) {
            out.add(new int[] {(int) (img.width() * r), (int) (img.height() * r)});
        }
        return out;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        List<Map<String, Object>> augs = new ArrayList<>();
        List<Boolean> flips = flip ? List.of(false, true) : List.of(false);
        for (int[] scale : scalesFor(Fields.image(results, "img", NAME))) {
            for (boolean f : flips) {
                for (String direction : flipDirections) {
                    Map<String, Object> r = new LinkedHashMap<>(results);
                    r.put("scale", List.of(scale[0], scale[1]));
                    r.put("flip", f);
                    r.put("flip_direction", direction);
                    Map<String, Object> data = transforms.apply(r, rng);
                    if (data == null) {
                        return null;
                    }
                    augs.add(data);
                }
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
