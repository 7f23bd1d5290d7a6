package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged, foreign and hostile files end in a {@link CheckpointException} that names the file,
 * never in another exception, a JVM error or a huge allocation.
 */
class CorruptFilesTest {
    @TempDir
    Path tmp;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static String failure(Path p) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> PthFiles.read(p));
        assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void emptyFile() throws IOException {
        assertTrue(failure(file("empty.pth", new byte[0])).contains("empty"));
    }

    @Test
    void randomBytes() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[0] = 'x';
        assertTrue(failure(file("random.pth", junk)).contains("not a PyTorch checkpoint"));
    }

    @Test
    void missingFile() {
        assertTrue(failure(tmp.resolve("absent.pth")).contains("does not exist"));
    }

    @Test
    void directory() throws IOException {
        failure(Files.createDirectory(tmp.resolve("dir.pth")));
    }

    @Test
    void plainPickleIsNotACheckpoint() throws IOException {
        // a Python pickle of the int 5, not a torch file
        failure(file("plain.pth", new byte[] {(byte) 0x80, 2, 'K', 5, '.'}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed_dtypes.pth", "legacy.pth", "mmcv_checkpoint.pth"})
    void everyTruncationFailsCleanly(String fixture) throws IOException {
        byte[] full = Files.readAllBytes(GoldenFixturesTest.fixture(fixture));
        for (int len = 1; len < full.length; len += Math.max(1, len / 16)) {
            failure(file("cut.pth", Arrays.copyOf(full, len)));
        }
        failure(file("cut.pth", Arrays.copyOf(full, full.length - 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed_dtypes.pth", "legacy.pth", "views.pth"})
    void flippedBytesFailCleanlyOrLoad(String fixture) throws IOException {
        byte[] full = Files.readAllBytes(GoldenFixturesTest.fixture(fixture));
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad = full.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            Path p = file("flip.pth", bad);
            try {
                PthFiles.read(p); // a flip in padding or an unchecked field may still load
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().contains("flip.pth"), e.getMessage());
            }
        }
    }

    @Test
    void corruptStorageBytesFailTheCrcCheck() throws IOException {
        byte[] full = Files.readAllBytes(GoldenFixturesTest.fixture("parameter.pth"));
        // the float 5.0 (0x40a00000) is the storage's last element
        int at = indexOf(full, new byte[] {0, 0, (byte) 0xa0, 0x40});
        full[at + 3] = 0x41;
        assertTrue(failure(file("crc.pth", full)).contains("CRC"));
    }

    @Test
    void hugeLengthsAreRejectedBeforeAllocating() throws IOException {
        // BINUNICODE claiming 2^32-1 bytes inside a legacy-looking stream
        byte[] pickle = {(byte) 0x80, 2, 'X', -1, -1, -1, -1, 'a', '.'};
        assertTrue(failure(file("huge.pth", pickle)).contains("exceeds"));
    }

    @Test
    void zipWithoutDataPkl() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(out);
        zip.add("x/version", ByteBuffer.wrap("3\n".getBytes(StandardCharsets.US_ASCII)));
        zip.finish();
        assertTrue(failure(file("nopkl.pth", out.toByteArray())).contains("x/data.pkl"));
    }

    @Test
    void missingStorageRecord() throws IOException {
        byte[] pkl = pickleOf(TensorData.ofFloats(new long[] {2}, 1f, 2f));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(out);
        zip.add("archive/data.pkl", ByteBuffer.wrap(pkl));
        zip.finish();
        assertTrue(failure(file("nostorage.pth", out.toByteArray())).contains("archive/data/0"));
    }

    @Test
    void storageRecordOfTheWrongSize() throws IOException {
        byte[] pkl = pickleOf(TensorData.ofFloats(new long[] {2}, 1f, 2f));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(out);
        zip.add("archive/data.pkl", ByteBuffer.wrap(pkl));
        zip.add("archive/data/0", ByteBuffer.allocate(4));
        zip.finish();
        assertTrue(failure(file("short.pth", out.toByteArray())).contains("expected 2"));
    }

    @Test
    void bigEndianByteorderRecordIsHonoured() throws IOException {
        byte[] pkl = pickleOf(Map.of("w", TensorData.ofFloats(new long[] {2}, 1.5f, -2f)));
        ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        be.putFloat(1.5f).putFloat(-2f).flip();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(out);
        zip.add("archive/data.pkl", ByteBuffer.wrap(pkl));
        zip.add("archive/byteorder", ByteBuffer.wrap("big".getBytes(StandardCharsets.US_ASCII)));
        zip.add("archive/data/0", be);
        zip.finish();
        Map<?, ?> m = (Map<?, ?>) PthFiles.read(file("be.pth", out.toByteArray()));
        assertEquals(TensorData.ofFloats(new long[] {2}, 1.5f, -2f), m.get("w"));
    }

    @Test
    void viewBeyondItsStorageIsRejected() throws IOException {
        TensorData small = TensorData.ofFloats(new long[] {2}, 1f, 2f);
        FormatException e = assertThrows(FormatException.class,
                () -> Strided.view(small, 1, new long[] {2}, new long[] {1}));
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
        assertThrows(FormatException.class,
                () -> Strided.view(small, 0, new long[] {2, 2}, new long[] {Long.MAX_VALUE, 1}));
        assertThrows(FormatException.class,
                () -> Strided.view(small, 0, new long[] {2}, new long[] {-1}));
    }

    @Test
    void absurdNestingFailsCleanly() throws IOException {
        // {((((...()...),): None} nested 200000 deep: hashing the key would overflow the stack
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        pkl.writeBytes(new byte[] {(byte) 0x80, 2, '}', ')'});
        for (int i = 0; i < 200_000; i++) {
            pkl.write(0x85); // TUPLE1
        }
        pkl.writeBytes(new byte[] {'N', 's', '.'});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(out);
        zip.add("archive/data.pkl", ByteBuffer.wrap(pkl.toByteArray()));
        zip.finish();
        assertTrue(failure(file("deep.pth", out.toByteArray())).contains("nest"));
    }

    private static byte[] pickleOf(Object o) {
        return new PickleWriter().dump(o);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
