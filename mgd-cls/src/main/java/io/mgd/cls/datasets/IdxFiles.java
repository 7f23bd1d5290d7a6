package io.mgd.cls.datasets;

import io.mgd.core.util.MgdException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes unsigned-byte IDX files (the MNIST format), gzip-compressed when the name ends in
 * {@code .gz}; used by the subset tool and tests to make datasets {@link MNIST} reads.
 */
public final class IdxFiles {
    private IdxFiles() {}

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
        } catch (IOException e) {
            throw new MgdException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
