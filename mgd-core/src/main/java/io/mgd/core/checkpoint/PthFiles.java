package io.mgd.core.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes PyTorch {@code .pth} files: the Java equivalents of {@code torch.load} and
 * {@code torch.save}. See the package documentation for how Python values map to Java.
 *
 * <p>Reading accepts the zip format (torch 1.6+, any record folder name, either byte order)
 * and the legacy format. Writing produces the zip format of {@code torch.save(obj, BytesIO())}
 * with pickle protocol 2, which torch 1.6 and later load.
 */
public final class PthFiles {
    /** The record folder {@code torch.save} uses for file objects, and mmcv's choice too. */
    static final String ARCHIVE = "archive/";

    private PthFiles() {}

    /**
     * Loads a {@code .pth} file.
     *
     * @throws CheckpointException when the file is missing, unreadable, corrupt, truncated or
     *     not a PyTorch checkpoint; the message names the file and the problem
     */
    public static Object read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return PthReader.read(ch);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint file " + file + " does not exist");
        } catch (FormatException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e, e);
        } catch (RuntimeException e) {
            // a structurally valid pickle with values of unexpected types
            throw new CheckpointException("cannot read checkpoint " + file
                    + ": unexpected content (" + e + ")", e);
        } catch (StackOverflowError e) {
            // hashing a dict key nested absurdly deep; no real checkpoint comes close
            throw new CheckpointException("cannot read checkpoint " + file
                    + ": values nest too deeply (corrupt or hostile pickle)", e);
        }
    }

    /**
     * Saves {@code obj} like {@code torch.save}. The file is written under a temporary name in
     * the same directory and renamed over {@code file} only when complete, so an existing file
     * is never left damaged by a failed save.
     *
     * @throws CheckpointException when a value cannot be pickled or the file cannot be written
     */
    public static void write(Path file, Object obj) {
        Encoded encoded = encode(obj, file.toString());
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                encoded.writeTo(os, ZipWriter.ZIP64_LIMIT);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the save already failed; report that, not the clean-up
            }
            if (e instanceof NoSuchFileException) {
                throw new CheckpointException("cannot write checkpoint " + file
                        + ": directory " + target.getParent() + " does not exist", e);
            }
            throw new CheckpointException("cannot write checkpoint " + file + ": " + e, e);
        }
    }

    /** Writes {@code obj} in {@code .pth} zip format to a stream (flushed, not closed). */
    public static void write(OutputStream out, Object obj) throws IOException {
        encode(obj, "stream").writeTo(out, ZipWriter.ZIP64_LIMIT);
    }

    /** As {@link #write(OutputStream, Object)} with a lowered ZIP64 threshold, for tests. */
    static void write(OutputStream out, Object obj, long zip64Limit) throws IOException {
        encode(obj, "stream").writeTo(out, zip64Limit);
    }

    private static Encoded encode(Object obj, String target) {
        PickleWriter pickler = new PickleWriter();
        try {
            byte[] pkl = pickler.dump(obj);
            return new Encoded(pkl, pickler.storages());
        } catch (FormatException e) {
            throw new CheckpointException("cannot write checkpoint " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** A pickled object and its storages, ready to be laid out as zip records. */
    private record Encoded(byte[] pickle, Map<String, TensorData> storages) {
        void writeTo(OutputStream out, long zip64Limit) throws IOException {
            ZipWriter zip = new ZipWriter(out, zip64Limit);
            zip.add(ARCHIVE + "data.pkl", ByteBuffer.wrap(pickle));
            zip.add(ARCHIVE + "byteorder", ascii("little"));
            for (Map.Entry<String, TensorData> e : storages.entrySet()) {
                zip.add(ARCHIVE + "data/" + e.getKey(), e.getValue().data());
            }
            zip.add(ARCHIVE + "version", ascii("3\n"));
            zip.finish();
        }

        private static ByteBuffer ascii(String s) {
            return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
