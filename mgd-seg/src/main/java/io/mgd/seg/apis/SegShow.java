package io.mgd.seg.apis;

import io.mgd.core.util.MgdException;
import io.mgd.seg.apis.SegTask.LabelMap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * mmseg's {@code BaseSegmentor.show_result} as {@code tools/test --show-dir} uses it: each pixel
 * of the image blended with the palette colour of its predicted class,
 * {@code uint8(img · (1 − opacity) + colour · opacity)}, written as a PNG. Labels without a
 * palette entry (e.g. 255) keep the image's pixel darkened by {@code 1 − opacity}, as mmseg's
 * zero-initialised colour map does.
 */
public final class SegShow {
    /** mmseg's default {@code opacity} for {@code --show-dir}. */
    public static final double OPACITY = 0.5;

    private SegShow() {}

    /**
     * The overlay of {@code pred} on {@code image} (same size) with {@code palette} ([r, g, b]
     * per class).
     */
    public static BufferedImage overlay(BufferedImage image, LabelMap pred, List<List<Integer>> palette, double opacity) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (pred.width() != w || pred.height() != h) {
            throw new MgdException("prediction is " + pred.height() + "x" + pred.width() + " but the image is " + h + "x" + w);
        }
        if (palette == null || palette.isEmpty()) {
            throw new MgdException("--show-dir needs the dataset's PALETTE (set 'palette' in the dataset config)");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int label = pred.labels()[y * w + x] & 0xff;
                List<Integer> c = label < palette.size() ? palette.get(label) : List.of(0, 0, 0);
                int rgb = image.getRGB(x, y);
                int r = blend((rgb >> 16) & 0xff, c.get(0), opacity);
                int g = blend((rgb >> 8) & 0xff, c.get(1), opacity);
                int b = blend(rgb & 0xff, c.get(2), opacity);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** numpy: {@code (p * (1 - opacity) + c * opacity).astype(np.uint8)} truncates. */
    static int blend(int p, int c, double opacity) {
        return (int) (p * (1 - opacity) + c * opacity);
    }

    /**
     * Reads {@code imageFile}, overlays {@code pred} and writes the PNG to {@code outFile}
     * (parent folders created).
     */
    public static void write(Path imageFile, LabelMap pred, List<List<Integer>> palette, Path outFile) {
        try {
            BufferedImage img = ImageIO.read(imageFile.toFile());
            if (img == null) {
                throw new MgdException("cannot decode image " + imageFile + " for --show-dir");
            }
            Path parent = outFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(overlay(img, pred, palette, OPACITY), "png", outFile.toFile());
        } catch (IOException e) {
            throw new MgdException("cannot write --show-dir image " + outFile + ": " + e.getMessage(), e);
        }
    }
}
