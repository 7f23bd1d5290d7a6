package io.mgd.seg.testing;

import io.mgd.core.data.IdxFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Tiny synthetic Fashion-MNIST IDX files for the segmentation converter and the tests that need its data. */
public final class FmnistSegFixtures {
    private FmnistSegFixtures() {}

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
            IdxFiles.writeUnsignedBytes(src.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, px);
            IdxFiles.writeUnsignedBytes(src.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        return src;
    }
}
