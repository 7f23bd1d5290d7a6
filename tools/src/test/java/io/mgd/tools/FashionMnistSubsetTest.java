package io.mgd.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.IdxFiles.IdxArray;
import io.mgd.core.data.IdxFiles;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tools/dataset_converters/fashion_mnist_subset} on IDX fixtures whose pixels name their source index. */
class FashionMnistSubsetTest {
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "val-images-idx3-ubyte.gz", "val-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    @TempDir
    static Path dir;

    static Path src;

    /** 120 train / 60 test images of 3×2; pixel 0 and 1 hold the source index, labels are uneven over 10 classes. */
    @BeforeAll
    static void makeSource() {
        src = dir.resolve("src");
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? 120 : 60;
            byte[] px = new byte[n * 6];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                // (i * 7) % 10 spreads classes over the file; every class has n/10 images
                labels[i] = (byte) ((i * 7) % 10);
                px[i * 6] = (byte) (i >> 8);
                px[i * 6 + 1] = (byte) i;
                px[i * 6 + 2] = (byte) (split.equals("train") ? 1 : 2);
            }
            IdxFiles.writeUnsignedBytes(src.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 3, 2}, px);
            IdxFiles.writeUnsignedBytes(src.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
    }

    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream cap = new PrintStream(buf, true);
        System.setOut(cap);
        System.setErr(cap);
        try {
            return new Object[] {Main.run(args), buf.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Object[] subset(Path out, int train, int val, int test, long seed) {
        return run("dataset_converters/fashion_mnist_subset", "--src", src.toString(), "--out", out.toString(), "--train",
                String.valueOf(train), "--val", String.valueOf(val), "--test", String.valueOf(test), "--seed",
                String.valueOf(seed));
    }

    /** Source indices of a written split, read back from the pixels, checking each image and label against the source. */
    private static Set<Integer> sourceIndices(Path out, String prefix, String srcPrefix, int n) {
        IdxArray images = IdxFiles.read(out, prefix + "-images-idx3-ubyte", "test");
        IdxArray labels = IdxFiles.read(out, prefix + "-labels-idx1-ubyte", "test");
        assertArrayEquals(new int[] {n, 3, 2}, images.dims());
        assertArrayEquals(new int[] {n}, labels.dims());
        IdxArray srcLabels = IdxFiles.read(src, srcPrefix + "-labels-idx1-ubyte", "test");
        Set<Integer> seen = new HashSet<>();
        int[] perClass = new int[10];
        int last = -1;
        for (int k = 0; k < n; k++) {
            int i = ((images.data()[k * 6] & 0xFF) << 8) | (images.data()[k * 6 + 1] & 0xFF);
            assertEquals(srcPrefix.equals("train") ? 1 : 2, images.data()[k * 6 + 2], "image from the right source file");
            assertEquals(srcLabels.data()[i], labels.data()[k], "label travels with its image");
            assertTrue(i > last, "kept in source order");
            last = i;
            seen.add(i);
            perClass[labels.data()[k]]++;
        }
        for (int c : perClass) {
            assertEquals(n / 10, c, "class-balanced");
        }
        return seen;
    }

    @Test
    void sameArgumentsGiveIdenticalBytesAndDisjointBalancedSplits() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Object[] ra = subset(a, 50, 30, 20, 7);
        assertEquals(0, ra[0], (String) ra[1]);
        assertTrue(((String) ra[1]).contains("val: 30 images"), (String) ra[1]);
        assertEquals(0, subset(b, 50, 30, 20, 7)[0]);
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        Set<Integer> train = sourceIndices(a, "train", "train", 50);
        Set<Integer> val = sourceIndices(a, "val", "train", 30);
        sourceIndices(a, "t10k", "t10k", 20);
        assertTrue(train.stream().noneMatch(val::contains), "val is carved out of the training set");

        Path c = dir.resolve("c");
        assertEquals(0, subset(c, 50, 30, 20, 8)[0]);
        assertNotEquals(train, sourceIndices(c, "train", "train", 50), "another seed picks other images");
    }

    @Test
    void writtenSubsetLoadsAsFashionMnistSplits() {
        Path d = dir.resolve("d");
        assertEquals(0, subset(d, 20, 10, 10, 0)[0]);
        BuildContext ctx = new BuildContext(Registries.load(), null);
        for (Object[] split : new Object[][] {{"train", 20}, {"val", 10}, {"test", 10}}) {
            Dataset ds = (Dataset) ctx.build(Registries.DATASETS, ConfigDict.of("type", "FashionMNIST", "data_prefix",
                    d.toString(), "pipeline", List.of(), "split", split[0]));
            assertEquals(split[1], ds.size(), (String) split[0]);
        }
        assertFalse(Files.exists(dir.resolve("e/val-images-idx3-ubyte.gz")));
        assertEquals(0, subset(dir.resolve("e"), 20, 0, 10, 0)[0]);
        assertFalse(Files.exists(dir.resolve("e/val-images-idx3-ubyte.gz")), "--val 0 writes no val files");
    }

    @Test
    void askingForMoreThanTheSourceHasIsAOneLineError() {
        // 12 images of each class in the source train set: 10 val + 30 train needs 3 more per class than exist
        Object[] r = subset(dir.resolve("f"), 30, 100, 10, 0);
        assertEquals(1, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("--train 30 needs 3 images of class 0 but " + src + " has only 2 left"),
                (String) r[1]);
        assertFalse(((String) r[1]).contains("\tat "));
        Object[] bad = subset(dir.resolve("g"), 0, 0, 10, 0);
        assertEquals(2, bad[0], (String) bad[1]);
        assertTrue(((String) bad[1]).contains("--train and --test must be positive"), (String) bad[1]);
        Object[] missing = run("dataset_converters/fashion_mnist_subset", "--src", dir.resolve("nowhere").toString(), "--out",
                dir.resolve("h").toString(), "--train", "10", "--test", "10");
        assertEquals(1, missing[0], (String) missing[1]);
        assertTrue(((String) missing[1]).contains("train-images-idx3-ubyte.gz"), (String) missing[1]);
    }

    /** The committed subset is what its README's command makes (checked where Debian's Fashion-MNIST is installed). */
    @Test
    void embeddedSubsetIsReproducible() throws Exception {
        Path embedded = TorchReferenceCheckpointTest.repoRoot().resolve("data/embedded/fashion_mnist");
        String readme = Files.readString(embedded.resolve("README.md"));
        assertTrue(readme.contains("--train 4000 --val 500 --test 2000 --seed 0"), "README names the command");
        assertTrue(Files.readString(embedded.resolve("LICENSE")).contains("Zalando SE"));
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(debian.resolve("train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist not installed");
        Path again = dir.resolve("embedded_again");
        Object[] r = run("dataset_converters/fashion_mnist_subset", "--src", debian.toString(), "--out",
                again.toString(), "--train", "4000", "--val", "500", "--test", "2000", "--seed", "0");
        assertEquals(0, r[0], (String) r[1]);
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(embedded.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
        }
    }
}
