package io.mgd.cls.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcls {@code RandomResizedCrop}: up to {@code max_attempts} draws of an area fraction in
 * {@code scale} and a log-uniform aspect ratio in {@code ratio}; the first crop that fits is
 * placed uniformly, otherwise a central crop clamped to {@code ratio}; then cv2-resized to
 * {@code size} (h, w). Like mmcls it leaves {@code img_shape} as it was. The EfficientNet style
 * is not implemented (a config error says so).
 */
public final class RandomResizedCrop implements Transform {
    /** Options (mmcls names and defaults). */
    public record Options(Object size, @Default("[0.08, 1.0]") List<Double> scale,
            @Default("[0.75, 1.3333333333333333]") List<Double> ratio, @Default("10") int maxAttempts,
            @Default("false") boolean efficientnetStyle, @Default("0.1") double minCovered,
            @Default("32") int cropPadding, @Default("bilinear") String interpolation,
            @Default("cv2") String backend) {}

    private static final String NAME = "RandomResizedCrop";
    private final int[] size;
    private final double[] scale;
    private final double[] ratio;
    private final int maxAttempts;
    private final String interpolation;

    public RandomResizedCrop(Options o) {
        this.size = Args.pair(o.size(), NAME, "size");
        Args.check(o.scale().size() == 2 && o.ratio().size() == 2, NAME, "scale and ratio must be (min, max) pairs");
        this.scale = new double[] {o.scale().get(0), o.scale().get(1)};
        this.ratio = new double[] {o.ratio().get(0), o.ratio().get(1)};
        Args.check(scale[0] <= scale[1] && ratio[0] <= ratio[1], NAME, "range should be of kind (min, max). But received "
                + "scale " + o.scale() + " and ratio " + o.ratio());
        Args.check(o.maxAttempts() >= 0, NAME, "max_attempts must be >= 0");
        Args.check(!o.efficientnetStyle(), NAME, "efficientnet_style=True is not supported");
        Args.check(o.interpolation().equals("bilinear") || o.interpolation().equals("nearest"), NAME,
                "interpolation '" + o.interpolation() + "' is not supported; supported are bilinear, nearest");
        Args.cv2Backend(o.backend(), NAME);
        this.maxAttempts = o.maxAttempts();
        this.interpolation = o.interpolation();
    }

    /** The crop box {ymin, xmin, ymax, xmax} (inclusive), mmcls {@code get_params}. */
    int[] params(int height, int width, RandomGenerator rng) {
        double area = (double) height * width;
        double logLo = Math.log(ratio[0]);
        double logHi = Math.log(ratio[1]);
        for (int i = 0; i < maxAttempts; i++) {
            double targetArea = uniform(rng, scale[0], scale[1]) * area;
            double aspect = Math.exp(uniform(rng, logLo, logHi));
            int tw = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int th = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < tw && tw <= width && 0 < th && th <= height) {
                int ymin = rng.nextInt(0, height - th + 1);
                int xmin = rng.nextInt(0, width - tw + 1);
                return new int[] {ymin, xmin, ymin + th - 1, xmin + tw - 1};
            }
        }
        double inRatio = (double) width / height;
        int tw;
        int th;
        if (inRatio < Math.min(ratio[0], ratio[1])) {
            tw = width;
            th = (int) Math.rint(tw / Math.min(ratio[0], ratio[1]));
        } else if (inRatio > Math.max(ratio[0], ratio[1])) {
            th = height;
            tw = (int) Math.rint(th * Math.max(ratio[0], ratio[1]));
        } else {
            tw = width;
            th = height;
        }
        int ymin = Math.floorDiv(height - th, 2);
        int xmin = Math.floorDiv(width - tw, 2);
        return new int[] {ymin, xmin, ymin + th - 1, xmin + tw - 1};
    }

    private static double uniform(RandomGenerator rng, double a, double b) {
        return a + (b - a) * rng.nextDouble();
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, NAME);
            int[] p = params(img.height(), img.width(), rng);
            Image crop = ImageOps.imcrop(img, p[1], p[0], p[3], p[2]);
            results.put(key, ImageOps.imresize(crop, size[1], size[0], interpolation));
        }
        return results;
    }
}
