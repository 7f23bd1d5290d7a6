package io.mgd.tools;

import io.mgd.core.config.ConfigException;
import io.mgd.core.data.IdxFiles.IdxArray;
import io.mgd.core.data.IdxFiles;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tools/dataset_converters/fashion_mnist_subset --out DIR --train N [--val N] --test N [--seed S] [--src DIR]}:
 * writes a deterministic, class-balanced subset of Fashion-MNIST (or any MNIST-layout IDX set) in
 * the mmcls file names, so {@code FashionMNIST} reads it with {@code data_prefix: DIR}. The
 * {@code val-} pair (with {@code --val}) is carved out of the source training set, disjoint from
 * the {@code train-} pair; {@code t10k-} comes from the source test set. The same arguments give
 * byte-identical files.
 */
@Command(name = "fashion_mnist_subset", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a deterministic, class-balanced Fashion-MNIST subset (mmcls IDX file names).")
public final class FashionMnistSubset implements Callable<Integer> {
    @Option(names = "--src", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "folder with the source IDX files (default: ${DEFAULT-VALUE}, Debian dataset-fashion-mnist)")
    Path src;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--train", required = true, description = "training images to keep")
    int train;

    @Option(names = "--val", defaultValue = "0",
            description = "validation images carved out of the source training set (0: no val files)")
    int val;

    @Option(names = "--test", required = true, description = "test images to keep (from the t10k files)")
    int test;

    @Option(names = "--seed", defaultValue = "0", description = "selection seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        Map<String, int[]> perClass = write(src, out, train, val, test, seed);
        perClass.forEach((split, counts) -> System.err.println(split + ": " + Arrays.stream(counts).sum()
                + " images, per class " + Arrays.toString(counts)));
        System.err.println("wrote the subset to " + out);
        return 0;
    }

    /**
     * Selects and writes the subset.
     *
     * @return file-name prefix ({@code train}, {@code val}, {@code t10k}) → images per class
     */
    static Map<String, int[]> write(Path src, Path out, int train, int val, int test, long seed) {
        if (train <= 0 || test <= 0 || val < 0) {
            throw new ConfigException("--train and --test must be positive and --val not negative, got --train "
                    + train + " --val " + val + " --test " + test);
        }
        Random rng = new Random(seed);
        IdxArray trainImages = IdxFiles.read(src, "train-images-idx3-ubyte", "--src");
        IdxArray trainLabels = IdxFiles.read(src, "train-labels-idx1-ubyte", "--src");
        IdxArray testImages = IdxFiles.read(src, "t10k-images-idx3-ubyte", "--src");
        IdxArray testLabels = IdxFiles.read(src, "t10k-labels-idx1-ubyte", "--src");
        check(src, "train", trainImages, trainLabels);
        check(src, "t10k", testImages, testLabels);
        int classes = numClasses(trainLabels.data());

        // val first, then train from what is left: the same seed and --val give the same val set whatever --train is
        int[] trainOrder = permutation(trainLabels.data().length, rng);
        boolean[] taken = new boolean[trainOrder.length];
        int[] valIdx = val > 0 ? pick(trainOrder, trainLabels.data(), taken, val, classes, "--val", src) : null;
        int[] trainIdx = pick(trainOrder, trainLabels.data(), taken, train, classes, "--train", src);
        int[] testOrder = permutation(testLabels.data().length, rng);
        int[] testIdx = pick(testOrder, testLabels.data(), new boolean[testOrder.length], test, classes, "--test", src);
        Map<String, int[]> picks = new LinkedHashMap<>();
        picks.put("train", trainIdx);
        if (valIdx != null) {
            picks.put("val", valIdx);
        }
        picks.put("t10k", testIdx);
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : picks.entrySet()) {
            boolean fromTest = e.getKey().equals("t10k");
            IdxArray images = fromTest ? testImages : trainImages;
            IdxArray labels = fromTest ? testLabels : trainLabels;
            counts.put(e.getKey(), save(out, e.getKey(), e.getValue(), images, labels, classes));
        }
        return counts;
    }

    private static void check(Path src, String split, IdxArray images, IdxArray labels) {
        if (images.dims().length != 3 || labels.dims().length != 1 || images.dims()[0] != labels.dims()[0]) {
            throw new MgdException(split + " images/labels under " + src
                    + " must be N×H×W and N with the same N, got " + Arrays.toString(images.dims()) + " and "
                    + Arrays.toString(labels.dims()));
        }
    }

    private static int numClasses(byte[] labels) {
        int max = 0;
        for (byte b : labels) {
            max = Math.max(max, b & 0xFF);
        }
        return max + 1;
    }

    /** Fisher–Yates with {@link Random}, whose sequence Java specifies, so the order is the same on every JVM. */
    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The first {@code n/classes} untaken indices of each class in {@code order} (the first
     * {@code n % classes} classes get one more), marked taken and returned in ascending order.
     */
    private static int[] pick(int[] order, byte[] labels, boolean[] taken, int n, int classes, String arg, Path src) {
        int[] want = new int[classes];
        for (int c = 0; c < classes; c++) {
            want[c] = n / classes + (c < n % classes ? 1 : 0);
        }
        int[] got = new int[classes];
        List<Integer> chosen = new ArrayList<>(n);
        for (int i : order) {
            int c = labels[i] & 0xFF;
            if (!taken[i] && got[c] < want[c]) {
                taken[i] = true;
                got[c]++;
                chosen.add(i);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (got[c] < want[c]) {
                throw new MgdException(arg + " " + n + " needs " + want[c]
                        + " images of class " + c + " but " + src + " has only " + got[c] + " left");
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] save(Path out, String prefix, int[] idx, IdxArray images, IdxArray labels, int classes) {
        int h = images.dims()[1];
        int w = images.dims()[2];
        int size = h * w;
        byte[] px = new byte[idx.length * size];
        byte[] lb = new byte[idx.length];
        int[] perClass = new int[classes];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(images.data(), idx[k] * size, px, k * size, size);
            lb[k] = labels.data()[idx[k]];
            perClass[lb[k] & 0xFF]++;
        }
        IdxFiles.writeUnsignedBytes(out.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {idx.length, h, w}, px);
        IdxFiles.writeUnsignedBytes(out.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {idx.length}, lb);
        return perClass;
    }
}
