package io.mgd.seg.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writers for tiny on-disk segmentation datasets used by the tests. */
public final class SegFixtures {
    private SegFixtures() {}

    /** An RGB PNG of h×w pixels where pixel (y, x) is (r, g + y, b + x). */
    public static void rgb(Path file, int h, int w, int r, int g, int b) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bi.setRGB(x, y, (r << 16) | ((g + y) << 8) | (b + x));
            }
        }
        ImageIO.write(bi, "png", file.toFile());
    }

    /** An 8-bit grey PNG holding {@code labels} (row-major h×w). */
    public static void grey(Path file, int h, int w, int[] labels) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        bi.getRaster().setSamples(0, 0, w, h, 0, labels);
        ImageIO.write(bi, "png", file.toFile());
    }

    /** A palette PNG whose index i is coloured (255 − i, i, 7·i mod 256), holding {@code labels}. */
    public static void palette(Path file, int h, int w, int[] labels) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (255 - i);
            g[i] = (byte) i;
            b[i] = (byte) (7 * i);
        }
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
        bi.getRaster().setSamples(0, 0, w, h, 0, labels);
        ImageIO.write(bi, "png", file.toFile());
    }

    /** An array of {@code size} copies of {@code v}. */
    public static int[] fill(int size, int v) {
        int[] a = new int[size];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
