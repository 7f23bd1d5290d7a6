package io.mgd.cls.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
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

    /** An unsigned-byte IDX file (gzip-compressed when the name ends in .gz). */
    static void idx(Path file, int[] dims, byte[] data) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4 + 4 * dims.length);
        head.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            head.putInt(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head.array());
        bytes.write(data);
        Files.createDirectories(file.getParent());
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes.toByteArray());
        }
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
            idx(dir.resolve(split + "-images-idx3-ubyte" + ext), new int[] {m, h, w}, px);
            idx(dir.resolve(split + "-labels-idx1-ubyte" + ext), new int[] {m}, labels);
        }
    }
}
