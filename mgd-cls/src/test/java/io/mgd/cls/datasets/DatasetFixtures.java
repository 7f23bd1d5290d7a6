package io.mgd.cls.datasets;

import io.mgd.core.data.IdxFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writers for tiny on-disk datasets used by the tests. */
final class DatasetFixtures {
    private DatasetFixtures() {}

    /** A w×h PNG whose every pixel is (r, g, b). */
    static void png(Path file, int h, int w, int r, int g, int b) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bi.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(bi, "png", file.toFile());
    }

    /** MNIST-layout files: n train images (pixel = i*10 + k) with labels i % 10, 2 test images. */
    static void mnist(Path dir, int n, int h, int w, boolean gz) throws IOException {
        String ext = gz ? ".gz" : "";
        for (String split : new String[] {"train", "t10k"}) {
            int m = split.equals("train") ? n : 2;
            byte[] px = new byte[m * h * w];
            byte[] labels = new byte[m];
            for (int i = 0; i < m; i++) {
                labels[i] = (byte) ((i + (split.equals("train") ? 0 : 5)) % 10);
                for (int k = 0; k < h * w; k++) {
                    px[i * h * w + k] = (byte) (i * 10 + k);
                }
            }
            IdxFiles.writeUnsignedBytes(dir.resolve(split + "-images-idx3-ubyte" + ext), new int[] {m, h, w}, px);
            IdxFiles.writeUnsignedBytes(dir.resolve(split + "-labels-idx1-ubyte" + ext), new int[] {m}, labels);
        }
    }
}
