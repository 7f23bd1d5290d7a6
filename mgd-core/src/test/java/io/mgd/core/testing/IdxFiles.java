package io.mgd.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files (the MNIST / Fashion-MNIST format) for the tests of all task modules. */
public final class IdxFiles {
    private IdxFiles() {}

    /** An unsigned-byte IDX file with the given dimensions, gzip-compressed when the name ends in .gz. */
    public static void write(Path file, int[] dims, byte[] data) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4 + 4 * dims.length);
        head.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            head.putInt(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head.array());
        bytes.write(data);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes.toByteArray());
        }
    }
}
