package io.mgd.core.data;

import io.mgd.core.util.MgdException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes unsigned-byte IDX files (the MNIST format), gzip-compressed when the name ends
 * in {@code .gz}: the mmcls MNIST datasets and the Fashion-MNIST detection and segmentation
 * converters read with it, the subset tool and the tests write with it.
 */
public final class IdxFiles {
    private IdxFiles() {}

    /**
     * An IDX (LeCun) uint8 tensor in row-major order.
     *
     * @param dims the dimensions, e.g. {@code {n, 28, 28}} for images, {@code {n}} for labels
     */
    public record IdxArray(int[] dims, byte[] data) {}

    /**
     * Reads {@code dir/base}, or else {@code dir/base.gz} (mmcls prefers the uncompressed name);
     * only unsigned-byte (0x08) IDX files, as mmcls asserts.
     *
     * @param component named in error messages (e.g. the dataset type)
     */
    public static IdxArray read(Path dir, String base, String component) {
        return read(dir, base, component, "(nothing is downloaded)");
    }

    /**
     * As {@link #read(Path, String, String)}; {@code missingHint} ends the message when neither
     * file can be read (e.g. where to get the files).
     */
    public static IdxArray read(Path dir, String base, String component, String missingHint) {
        Path plain = dir.resolve(base);
        Path gz = dir.resolve(base + ".gz");
        Path file = Files.exists(plain) ? plain : gz;
        byte[] bytes;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file == gz ? new GZIPInputStream(raw) : raw) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new MgdException(component + ": cannot read " + plain + " or " + gz + " " + missingHint + ": " + e, e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || b.getShort() != 0 || (b.get() & 0xFF) != 0x08) {
            throw new MgdException(component + ": " + file + " is not an unsigned-byte IDX file (bad magic)");
        }
        int nd = b.get() & 0xFF;
        if (b.remaining() < 4L * nd) {
            throw new MgdException(component + ": " + file + " is truncated in its header");
        }
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = b.getInt();
            count *= dims[i];
        }
        if (count < 0 || b.remaining() < count) {
            throw new MgdException(component + ": " + file + " is truncated: " + b.remaining() + " bytes for " + count
                    + " values");
        }
        byte[] data = new byte[(int) count];
        b.get(data);
        return new IdxArray(dims, data);
    }

    /**
     * Writes {@code data} with dimensions {@code dims} (e.g. {@code {n, 28, 28}} or {@code {n}})
     * to {@code file} atomically. The gzip header has no timestamp, so equal inputs give equal bytes.
     */
    public static void writeUnsignedBytes(Path file, int[] dims, byte[] data) {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("IDX dims " + java.util.Arrays.toString(dims) + " need " + count
                    + " bytes, got " + data.length);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp);
                    OutputStream z = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                    DataOutputStream out = new DataOutputStream(z)) {
                out.writeInt(0x00000800 | dims.length);
                for (int d : dims) {
                    out.writeInt(d);
                }
                out.write(data);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try {
                // createTempFile makes the file private; a dataset file is meant to be shared.
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
        } catch (IOException e) {
            throw new MgdException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
