package io.mgd.cls.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.registry.Default;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * mmcls {@code Resize(size, interpolation='bilinear', adaptive_side='short', backend='cv2')}:
 * {@code size} int → (size, size); {@code (h, w)}; {@code (s, -1)} scales the adaptive side
 * to {@code s} keeping the aspect ratio, the other side truncated
 * ({@code int(s * h / w)}), and leaves an image whose side already equals {@code s} untouched.
 */
public final class Resize implements Transform {
    /** Options (mmcls names and defaults). */
    public record Options(Object size, @Default("bilinear") String interpolation,
            @Default("short") String adaptiveSide, @Default("cv2") String backend) {}

    private static final String NAME = "Resize";
    private final int[] size;
    private final boolean adaptive;
    private final String side;
    private final String interpolation;

    public Resize(Options o) {
        int[] s = Args.pair(o.size(), NAME, "size");
        Args.check(s[0] > 0 && (s[1] > 0 || s[1] == -1), NAME, "size must be positive or (size, -1), got " + o.size());
        Args.check(Set.of("short", "long", "height", "width").contains(o.adaptiveSide()), NAME,
                "adaptive_side must be short, long, height or width, got '" + o.adaptiveSide() + "'");
        Args.check(Set.of("bilinear", "nearest").contains(o.interpolation()), NAME,
                "interpolation '" + o.interpolation() + "' is not supported; supported are bilinear, nearest");
        Args.cv2Backend(o.backend(), NAME);
        this.size = s;
        this.adaptive = s[1] == -1;
        this.side = o.adaptiveSide();
        this.interpolation = o.interpolation();
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : Fields.imageFields(results)) {
            Image img = Fields.image(results, key, NAME);
            int h = img.height();
            int w = img.width();
            int height;
            int width;
            if (adaptive) {
                int t = size[0];
                boolean ignore = switch (side) {
                    case "short" -> Math.min(h, w) == t;
                    case "long" -> Math.max(h, w) == t;
                    case "height" -> h == t;
                    default -> w == t;
                };
                if (ignore) {
                    continue;
                }
                if (side.equals("short") && w < h || side.equals("long") && w > h || side.equals("width")) {
                    width = t;
                    height = (int) ((double) ((long) t * h) / w);
                } else {
                    height = t;
                    width = (int) ((double) ((long) t * w) / h);
                }
            } else {
                height = size[0];
                width = size[1];
            }
            Image out = ImageOps.imresize(img, width, height, interpolation);
            results.put(key, out);
            results.put("img_shape", out.shape());
        }
        return results;
    }
}
