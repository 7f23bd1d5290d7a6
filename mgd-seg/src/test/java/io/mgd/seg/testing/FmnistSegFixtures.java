package io.mgd.seg.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Tiny synthetic Fashion-MNIST IDX files for the segmentation converter and the tests that need its data. */
public final class FmnistSegFixtures {
    private FmnistSegFixtures() {}

    /** An unsigned-byte IDX file, gzip-compressed. */
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
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes.toByteArray());
        }
    }

    /**
     * Fashion-MNIST-format IDX files in {@code src}, n items per split (6 train, 3 test): item i is
     * a solid 200-intensity square of side 10 + i, class (i + offset) % 10.
     */
    public static Path idxFiles(Path src) throws IOException {
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? 6 : 3;
            byte[] px = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) ((i + (split.equals("train") ? 0 : 4)) % 10);
                for (int y = 0; y < 10 + i; y++) {
                    for (int x = 0; x < 10 + i; x++) {
                        px[i * 784 + (y + 2) * 28 + x + 2] = (byte) 200;
                    }
                }
                px[i * 784] = 30; // faint pixel: coloured but below the label threshold
            }
            idx(src.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, px);
            idx(src.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        return src;
    }
}
