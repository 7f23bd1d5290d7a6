package io.mgd.seg.tools;

import io.mgd.core.data.IdxFiles;
import io.mgd.core.util.MgdException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Builds a small semantic-segmentation dataset from Fashion-MNIST: each sample is a square RGB
 * canvas with a noisy, randomly coloured background and 1..{@code maxItems} Fashion-MNIST items
 * pasted at random places in random colours (alpha = item intensity); the label map holds
 * {@code class + 1} where the item's intensity exceeds {@code threshold} (later items on top) and
 * 0 (background) elsewhere, so there are 11 classes ({@link #CLASSES}).
 *
 * <p>Train samples draw items from {@code train-*-ubyte.gz}, val samples from
 * {@code t10k-*-ubyte.gz}. Sample {@code i} of a split depends only on (seed, split, i), so the
 * same arguments give byte-identical files and a larger run extends a smaller one.
 *
 * <p>Layouts: {@code cityscapes} writes {@code leftImg8bit/<split>/fashion/fashion_<i>_000019_leftImg8bit.png}
 * and {@code gtFine/<split>/fashion/fashion_<i>_000019_gtFine_labelTrainIds.png} (read with
 * {@code CustomDataset} and the Cityscapes suffixes, or {@code CityscapesDataset}'s layout);
 * {@code custom} writes {@code img_dir/<split>/<i>.png} and {@code ann_dir/<split>/<i>.png}.
 * Both also write {@code classes.txt} (one name a line).
 */
public final class FashionMnistSegConverter {
    /** Background, then the Fashion-MNIST classes in label order (label = item class + 1). */
    public static final List<String> CLASSES = List.of("background", "T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** One [r, g, b] colour per class. */
    public static final List<List<Integer>> PALETTE = List.of(List.of(0, 0, 0), List.of(220, 20, 60),
            List.of(0, 0, 142), List.of(244, 35, 232), List.of(250, 170, 30), List.of(107, 142, 35),
            List.of(70, 130, 180), List.of(255, 0, 0), List.of(0, 80, 100), List.of(119, 11, 32), List.of(220, 220, 0));
    /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
    public static final Path DEFAULT_SRC = Path.of("/usr/share/datasets/fashion-mnist");

    private static final int ITEM = 28;

    /**
     * Converter arguments.
     *
     * @param src folder with the four Fashion-MNIST IDX files (gzipped or not)
     * @param out output root
     * @param train number of train samples
     * @param val number of val samples
     * @param canvas side of the square canvas in pixels (≥ 28)
     * @param seed random seed
     * @param layout {@code cityscapes} or {@code custom}
     * @param threshold intensity above which an item pixel is labelled (0..254)
     * @param maxItems most items per canvas (≥ 1)
     */
    public record Options(Path src, Path out, int train, int val, int canvas, long seed, String layout, int threshold,
            int maxItems) {
        public Options {
            check(train >= 0 && val >= 0, "--train and --val must be >= 0, got " + train + " and " + val);
            check(canvas >= ITEM, "--canvas must be at least " + ITEM + " (one Fashion-MNIST item), got " + canvas);
            check(layout.equals("cityscapes") || layout.equals("custom"),
                    "--layout must be 'cityscapes' or 'custom', got '" + layout + "'");
            check(threshold >= 0 && threshold < 255, "--threshold must be in 0..254, got " + threshold);
            check(maxItems >= 1, "--max-items must be >= 1, got " + maxItems);
        }
    }

    /** What a run wrote. */
    public record Summary(int train, int val, Path out, String layout) {}

    private record Idx(int count, byte[] pixels, byte[] labels) {}

    private FashionMnistSegConverter() {}

    /** Writes the dataset; returns the sample counts. */
    public static Summary convert(Options o) {
        writeSplit(o, "train", o.train(), o.train() == 0 ? null : read(o.src(), "train"));
        writeSplit(o, "val", o.val(), o.val() == 0 ? null : read(o.src(), "t10k"));
        try {
            Files.createDirectories(o.out());
            Files.writeString(o.out().resolve("classes.txt"), String.join("\n", CLASSES) + "\n");
        } catch (IOException e) {
            throw new MgdException("fashion_mnist_seg: cannot write " + o.out().resolve("classes.txt") + ": " + e, e);
        }
        return new Summary(o.train(), o.val(), o.out(), o.layout());
    }

    private static void writeSplit(Options o, String split, int n, Idx src) {
        long splitKey = split.equals("train") ? 0x9E3779B97F4A7C15L : 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = new SplittableRandom(mix(mix(o.seed() ^ splitKey) + i));
            int c = o.canvas();
            byte[] rgb = new byte[c * c * 3];
            byte[] label = new byte[c * c];
            paint(rng, src, c, o.threshold(), o.maxItems(), rgb, label);
            Path[] files = files(o, split, i);
            writePng(files[0], rgbImage(c, rgb));
            writePng(files[1], greyImage(c, label));
        }
    }

    /** Background colour plus ±12 noise, then the items composited over it. */
    static void paint(SplittableRandom rng, Idx src, int c, int threshold, int maxItems, byte[] rgb, byte[] label) {
        int[] bg = {rng.nextInt(20, 110), rng.nextInt(20, 110), rng.nextInt(20, 110)};
        float[] px = new float[c * c * 3];
        for (int p = 0; p < c * c; p++) {
            for (int k = 0; k < 3; k++) {
                px[p * 3 + k] = Math.max(0, Math.min(255, bg[k] + rng.nextInt(-12, 13)));
            }
        }
        int items = 1 + rng.nextInt(maxItems);
        for (int t = 0; t < items; t++) {
            int idx = rng.nextInt(src.count());
            int x0 = rng.nextInt(c - ITEM + 1);
            int y0 = rng.nextInt(c - ITEM + 1);
            int[] tint = {rng.nextInt(120, 256), rng.nextInt(120, 256), rng.nextInt(120, 256)};
            int cls = src.labels()[idx] & 0xFF;
            for (int y = 0; y < ITEM; y++) {
                for (int x = 0; x < ITEM; x++) {
                    int v = src.pixels()[idx * ITEM * ITEM + y * ITEM + x] & 0xFF;
                    int p = (y0 + y) * c + x0 + x;
                    float a = v / 255f;
                    for (int k = 0; k < 3; k++) {
                        px[p * 3 + k] = px[p * 3 + k] * (1 - a) + tint[k] * a;
                    }
                    if (v > threshold) {
                        label[p] = (byte) (cls + 1);
                    }
                }
            }
        }
        for (int i = 0; i < px.length; i++) {
            rgb[i] = (byte) Math.round(px[i]);
        }
    }

    /** {image, label} paths of sample {@code i}. */
    static Path[] files(Options o, String split, int i) {
        if (o.layout().equals("custom")) {
            String name = String.format("%06d.png", i);
            return new Path[] {o.out().resolve("img_dir").resolve(split).resolve(name),
                o.out().resolve("ann_dir").resolve(split).resolve(name)};
        }
        String stem = String.format("fashion_%06d_000019", i);
        return new Path[] {o.out().resolve("leftImg8bit").resolve(split).resolve("fashion").resolve(stem + "_leftImg8bit.png"),
            o.out().resolve("gtFine").resolve(split).resolve("fashion").resolve(stem + "_gtFine_labelTrainIds.png")};
    }

    private static BufferedImage rgbImage(int c, byte[] rgb) {
        BufferedImage bi = new BufferedImage(c, c, BufferedImage.TYPE_3BYTE_BGR);
        int[] samples = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            samples[i] = rgb[i] & 0xFF;
        }
        bi.getRaster().setPixels(0, 0, c, c, samples);
        return bi;
    }

    private static BufferedImage greyImage(int c, byte[] label) {
        BufferedImage bi = new BufferedImage(c, c, BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[label.length];
        for (int i = 0; i < label.length; i++) {
            samples[i] = label[i] & 0xFF;
        }
        bi.getRaster().setSamples(0, 0, c, c, 0, samples);
        return bi;
    }

    private static void writePng(Path file, BufferedImage bi) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(bi, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new MgdException("fashion_mnist_seg: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]}. */
    static Idx read(Path dir, String prefix) {
        String hint = "(pass --src DIR with the Fashion-MNIST IDX files; Debian: apt install dataset-fashion-mnist)";
        IdxFiles.IdxArray images = IdxFiles.read(dir, prefix + "-images-idx3-ubyte", "fashion_mnist_seg", hint);
        IdxFiles.IdxArray labels = IdxFiles.read(dir, prefix + "-labels-idx1-ubyte", "fashion_mnist_seg", hint);
        int[] d = images.dims();
        if (d.length != 3 || d[1] != ITEM || d[2] != ITEM) {
            throw new MgdException("fashion_mnist_seg: " + prefix + " images must be N×28×28, got "
                    + Arrays.toString(d));
        }
        if (labels.dims().length != 1 || labels.dims()[0] != d[0]) {
            throw new MgdException("fashion_mnist_seg: " + prefix + " has " + d[0] + " images but labels of shape "
                    + Arrays.toString(labels.dims()));
        }
        if (d[0] == 0) {
            throw new MgdException("fashion_mnist_seg: " + prefix + " files in " + dir + " hold no items");
        }
        return new Idx(d[0], images.data(), labels.data());
    }

    /** SplitMix64 finaliser: decorrelates (seed, split, index) streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new io.mgd.core.config.ConfigException("fashion_mnist_seg: " + message);
        }
    }
}
