package io.mgd.det.tools;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageOps;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one detection canvas from Fashion-MNIST items: a dark plain or noisy background, then 1
 * to 4 items (a blank item or one without a free place is replaced, a few times at most), each scaled (bilinear, cv2-exact) by a log-uniform factor in [min, max] of its 28
 * px side and placed where its box overlaps every earlier box with IoU at most
 * {@value #MAX_IOU}. Item pixels below {@value #THRESHOLD} are background: they are not drawn
 * and not boxed, so each box is the tight box of exactly the drawn pixels. Items are combined
 * with the canvas by per-pixel maximum. All randomness comes from the generator passed in and the
 * arithmetic is StrictMath's, so a seed gives the same canvas on every JVM.
 */
final class CanvasRenderer {
    /** Item pixels at or above this grey level belong to the object. */
    static final int THRESHOLD = 32;
    /** Largest IoU a new box may have with any box already on the canvas. */
    static final double MAX_IOU = 0.3;
    private static final int MAX_ITEMS = 4;
    private static final int PLACEMENT_TRIES = 50;

    /** One drawn object: COCO bbox {@code [x, y, w, h]} in pixels and its pixel count. */
    record Placed(int label, int x, int y, int w, int h, int area) {}

    /** A rendered canvas: grey pixels (H×W) and its objects. */
    record Canvas(int size, byte[] grey, List<Placed> objects) {
        /** The canvas as a 3-channel image (grey replicated). */
        Image toImage() {
            byte[] bgr = new byte[grey.length * 3];
            for (int i = 0; i < grey.length; i++) {
                bgr[3 * i] = grey[i];
                bgr[3 * i + 1] = grey[i];
                bgr[3 * i + 2] = grey[i];
            }
            return Image.ofUint8(size, size, 3, bgr);
        }
    }

    private final Idx.Items items;
    private final int size;
    private final double minScale;
    private final double maxScale;

    CanvasRenderer(Idx.Items items, int size, double minScale, double maxScale) {
        this.items = items;
        this.size = size;
        this.minScale = minScale;
        this.maxScale = maxScale;
    }

    Canvas render(SplittableRandom rng) {
        byte[] canvas = background(rng);
        int wanted = 1 + rng.nextInt(MAX_ITEMS);
        List<Placed> placed = new ArrayList<>();
        // Items that are blank or find no free place are replaced by others, a bounded number of times.
        for (int attempt = 0; placed.size() < wanted && attempt < 3 * MAX_ITEMS; attempt++) {
            int index = rng.nextInt(items.count());
            double scale = StrictMath.exp(StrictMath.log(minScale)
                    + rng.nextDouble() * (StrictMath.log(maxScale) - StrictMath.log(minScale)));
            int side = Math.max(1, Math.min(size, (int) Math.round(items.width() * scale)));
            int sideH = Math.max(1, Math.min(size, (int) Math.round(items.height() * scale)));
            Image item = ImageOps.imresize(Image.ofUint8(items.height(), items.width(), 1, items.item(index)),
                    side, sideH, "bilinear");
            int[] box = tightBox(item);
            if (box == null) {
                continue;
            }
            for (int t = 0; t < PLACEMENT_TRIES; t++) {
                int ox = rng.nextInt(size - item.width() + 1);
                int oy = rng.nextInt(size - item.height() + 1);
                int[] at = {ox + box[0], oy + box[1], box[2], box[3]};
                if (placed.stream().allMatch(p -> iou(p, at) <= MAX_IOU)) {
                    int area = draw(canvas, item, ox, oy);
                    placed.add(new Placed(items.label(index), at[0], at[1], at[2], at[3], area));
                    break;
                }
            }
        }
        return new Canvas(size, canvas, List.copyOf(placed));
    }

    /** Plain: one dark level in [0, 40]; noisy (half the canvases): plus Gaussian noise of σ in [2, 12]. */
    private byte[] background(SplittableRandom rng) {
        byte[] px = new byte[size * size];
        int level = rng.nextInt(41);
        boolean noisy = rng.nextBoolean();
        double sigma = 2 + rng.nextDouble() * 10;
        for (int i = 0; i < px.length; i++) {
            double v = level + (noisy ? sigma * gaussian(rng) : 0);
            px[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return px;
    }

    /** Box–Muller with one fresh pair of uniforms per value (the JDK's nextGaussian changed between releases). */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** {x, y, w, h} of the item pixels ≥ THRESHOLD, or null when there are none. */
    static int[] tightBox(Image item) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        byte[] px = item.uint8Data();
        for (int y = 0; y < item.height(); y++) {
            for (int x = 0; x < item.width(); x++) {
                if ((px[y * item.width() + x] & 0xFF) >= THRESHOLD) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    /** Draws the item's object pixels by maximum; returns how many there are. */
    private int draw(byte[] canvas, Image item, int ox, int oy) {
        byte[] px = item.uint8Data();
        int area = 0;
        for (int y = 0; y < item.height(); y++) {
            for (int x = 0; x < item.width(); x++) {
                int v = px[y * item.width() + x] & 0xFF;
                if (v >= THRESHOLD) {
                    int i = (oy + y) * size + ox + x;
                    canvas[i] = (byte) Math.max(canvas[i] & 0xFF, v);
                    area++;
                }
            }
        }
        return area;
    }

    /** IoU of two {x, y, w, h} pixel boxes. */
    static double iou(Placed p, int[] b) {
        int ix = Math.max(0, Math.min(p.x() + p.w(), b[0] + b[2]) - Math.max(p.x(), b[0]));
        int iy = Math.max(0, Math.min(p.y() + p.h(), b[1] + b[3]) - Math.max(p.y(), b[1]));
        double inter = (double) ix * iy;
        return inter / ((double) p.w() * p.h() + (double) b[2] * b[3] - inter);
    }
}
