package io.mgd.det.tools;

import io.mgd.core.data.IdxFiles;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.Arrays;

/** The Fashion-MNIST items (IDX files, read by {@link IdxFiles}) the detection converter draws from. */
final class Idx {
    private Idx() {}

    /** Reads {@code dir/base}, or else {@code dir/base.gz} as distributed. */
    private static IdxFiles.IdxArray read(Path dir, String base) {
        return IdxFiles.read(dir, base, "fashion_mnist_det",
                "(install the Debian package dataset-fashion-mnist or pass --src)");
    }

    /** Images {@code N×H×W} with labels {@code N} of one split ({@code train} or {@code t10k}). */
    static Items items(Path dir, String split) {
        IdxFiles.IdxArray images = read(dir, split + "-images-idx3-ubyte");
        IdxFiles.IdxArray labels = read(dir, split + "-labels-idx1-ubyte");
        if (images.dims().length != 3 || labels.dims().length != 1 || images.dims()[0] != labels.dims()[0]) {
            throw new MgdException(split + " images/labels under " + dir
                    + " must be N×H×W and N with the same N, got " + Arrays.toString(images.dims()) + " and "
                    + Arrays.toString(labels.dims()));
        }
        if (images.dims()[0] == 0) {
            throw new MgdException("the " + split + " split under " + dir + " has no images");
        }
        return new Items(images.dims()[0], images.dims()[1], images.dims()[2], images.data(), labels.data());
    }

    /** One split's items. */
    record Items(int count, int height, int width, byte[] pixels, byte[] labels) {
        int label(int i) {
            return labels[i] & 0xFF;
        }

        byte[] item(int i) {
            return Arrays.copyOfRange(pixels, i * height * width, (i + 1) * height * width);
        }
    }
}
