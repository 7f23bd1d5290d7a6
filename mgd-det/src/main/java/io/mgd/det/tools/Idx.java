package io.mgd.det.tools;

import io.mgd.core.util.MgdException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/** An unsigned-byte IDX (LeCun MNIST format) tensor: {@code dims} and row-major {@code data}. */
record Idx(int[] dims, byte[] data) {

    /** Reads {@code dir/base}, or else {@code dir/base.gz} as distributed. */
    static Idx read(Path dir, String base) {
        Path plain = dir.resolve(base);
        Path gz = dir.resolve(base + ".gz");
        Path file = Files.exists(plain) ? plain : gz;
        byte[] bytes;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file == gz ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw new MgdException("cannot read " + plain + " or " + gz
                    + " (install the Debian package dataset-fashion-mnist or pass --src): " + e, e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || b.getShort() != 0 || (b.get() & 0xFF) != 0x08) {
            throw new MgdException(file + " is not an unsigned-byte IDX file (bad magic)");
        }
        int nd = b.get() & 0xFF;
        if (b.remaining() < 4L * nd) {
            throw new MgdException(file + " is truncated in its header");
        }
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = b.getInt();
            count *= dims[i];
        }
        if (b.remaining() < count) {
            throw new MgdException(file + " is truncated: " + b.remaining() + " bytes for "
                    + count + " values");
        }
        byte[] data = new byte[(int) count];
        b.get(data);
        return new Idx(dims, data);
    }

    /** Images {@code N×H×W} with labels {@code N} of one split ({@code train} or {@code t10k}). */
    static Items items(Path dir, String split) {
        Idx images = read(dir, split + "-images-idx3-ubyte");
        Idx labels = read(dir, split + "-labels-idx1-ubyte");
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
