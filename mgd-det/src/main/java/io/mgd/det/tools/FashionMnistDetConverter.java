package io.mgd.det.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.util.MgdException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Builds a COCO-format detection dataset from Fashion-MNIST (the API behind
 * {@code tools/dataset_converters/fashion_mnist_det}): {@code train} canvases from the
 * Fashion-MNIST training items and {@code val} canvases from the test items, written as
 * {@code out/train/NNNNNN.png}, {@code out/val/NNNNNN.png} (3-channel) and
 * {@code out/annotations/instances_train.json}, {@code instances_val.json}.
 *
 * <p>Deterministic: canvas {@code i} of a split is drawn from a generator seeded by
 * {@code (seed, split, i)}, so the same settings give byte-identical files. Each annotation has
 * {@code bbox} (the tight box of the item's drawn pixels), {@code area} (their count),
 * {@code iscrowd 0}; categories 1–10 carry the Fashion-MNIST class names.
 */
public final class FashionMnistDetConverter {
    /** Fashion-MNIST class names, label 0 to 9 (COCO category ids 1 to 10). */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * Settings.
     *
     * @param src directory with {@code {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]}
     * @param out output directory
     * @param train number of training canvases
     * @param val number of validation canvases
     * @param canvas canvas side in pixels (at least 32, mmdet's smallest training image)
     * @param seed generator seed
     * @param minScale smallest item scale (× its 28 px side)
     * @param maxScale largest item scale
     */
    public record Settings(Path src, Path out, int train, int val, int canvas, long seed, double minScale,
            double maxScale) {
        public Settings {
            check(train >= 0 && val >= 0, "--train and --val must be >= 0, got " + train + " and " + val);
            check(canvas >= 32, "--canvas must be at least 32 (mmdet drops smaller training images), got " + canvas);
            check(minScale > 0 && minScale <= maxScale, "need 0 < --min-scale <= --max-scale, got " + minScale
                    + " and " + maxScale);
            check(28 * minScale <= canvas, "--min-scale " + minScale + " makes items larger than the " + canvas
                    + " px canvas");
        }
    }

    /** What was written: canvases and objects per split. */
    public record Summary(int trainImages, int trainObjects, int valImages, int valObjects) {}

    private FashionMnistDetConverter() {}

    /** Writes both splits. */
    public static Summary convert(Settings s) {
        int[] train = split(s, "train", "train", s.train(), 0);
        int[] val = split(s, "val", "t10k", s.val(), 1);
        return new Summary(train[0], train[1], val[0], val[1]);
    }

    private static int[] split(Settings s, String name, String source, int count, int splitId) {
        Path imgDir = s.out().resolve(name);
        Path annDir = s.out().resolve("annotations");
        try {
            Files.createDirectories(imgDir);
            Files.createDirectories(annDir);
        } catch (IOException e) {
            throw new MgdException("cannot create " + imgDir + ": " + e, e);
        }
        if (count == 0) {
            writeJson(s, name, annDir, List.of(), List.of());
            return new int[] {0, 0};
        }
        CanvasRenderer renderer = new CanvasRenderer(Idx.items(s.src(), source), s.canvas(), s.minScale(),
                s.maxScale());
        List<Map<String, Object>> images = new ArrayList<>();
        List<Map<String, Object>> anns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long imageId = i + 1;
            String file = String.format("%06d.png", imageId);
            CanvasRenderer.Canvas c = renderer.render(new SplittableRandom(mix(mix(mix(s.seed()) + splitId) + i)));
            writePng(c, imgDir.resolve(file));
            Map<String, Object> img = new LinkedHashMap<>();
            img.put("id", imageId);
            img.put("file_name", file);
            img.put("width", s.canvas());
            img.put("height", s.canvas());
            images.add(img);
            for (CanvasRenderer.Placed p : c.objects()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", anns.size() + 1);
                a.put("image_id", imageId);
                a.put("category_id", p.label() + 1);
                a.put("bbox", List.of(p.x(), p.y(), p.w(), p.h()));
                a.put("area", p.area());
                a.put("iscrowd", 0);
                anns.add(a);
            }
        }
        writeJson(s, name, annDir, images, anns);
        return new int[] {images.size(), anns.size()};
    }

    private static void writeJson(Settings s, String split, Path annDir, List<Map<String, Object>> images,
            List<Map<String, Object>> anns) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("description", "Fashion-MNIST detection canvases (tools/dataset_converters/fashion_mnist_det)");
        info.put("version", "1.0");
        info.put("split", split);
        info.put("source_split", split.equals("train") ? "train" : "t10k");
        info.put("canvas", s.canvas());
        info.put("seed", s.seed());
        info.put("min_scale", s.minScale());
        info.put("max_scale", s.maxScale());
        List<Map<String, Object>> cats = new ArrayList<>();
        for (int i = 0; i < CLASSES.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", i + 1);
            c.put("name", CLASSES.get(i));
            c.put("supercategory", "fashion");
            cats.add(c);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("info", info);
        root.put("licenses", List.of());
        root.put("images", images);
        root.put("annotations", anns);
        root.put("categories", cats);
        Path file = annDir.resolve("instances_" + split + ".json");
        try {
            // Written last and moved into place: a complete JSON means a complete split.
            Path tmp = annDir.resolve("instances_" + split + ".json.tmp");
            new ObjectMapper().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MgdException("cannot write " + file + ": " + e, e);
        }
    }

    private static void writePng(CanvasRenderer.Canvas c, Path file) {
        BufferedImage bi = new BufferedImage(c.size(), c.size(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        System.arraycopy(c.toImage().uint8Data(), 0, dst, 0, dst.length);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(bi, "png", bytes)) {
                throw new IOException("no PNG writer available");
            }
            Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new MgdException("cannot write " + file + ": " + e, e);
        }
    }

    /** SplitMix64 finaliser: independent seeds for (seed, split, index). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new io.mgd.core.config.ConfigException(message);
        }
    }
}
