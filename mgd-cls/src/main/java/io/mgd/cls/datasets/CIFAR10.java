package io.mgd.cls.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmcls {@code CIFAR10}: reads the python version ({@code data_prefix/cifar-10-batches-py/}
 * {@code data_batch_1..5} or {@code test_batch}, names from {@code batches.meta}) or, when only
 * that exists, the binary version ({@code cifar-10-batches-bin/*.bin},
 * {@code batches.meta.txt}). Images are 32×32×3 uint8 in the file's RGB order (mmcls does not
 * convert them; its CIFAR configs normalise with {@code to_rgb=False}). As in mmcls 0.19,
 * {@code CLASSES} always come from the meta file. Nothing is downloaded.
 */
public class CIFAR10 extends BaseDataset {
    /** Options (mmcls argument names and defaults). */
    public record Options(String dataPrefix, List<ConfigDict> pipeline, @Default("null") Object classes,
            @Default("null") String annFile, @Default("false") boolean testMode) {}

    /** Where one CIFAR variant keeps its files. */
    record Layout(String name, String pyFolder, List<String> train, List<String> test, String metaFile, String metaKey,
            String binFolder, List<String> binTrain, List<String> binTest, String binMeta, int labelBytes) {}

    static final Layout LAYOUT = new Layout("CIFAR10", "cifar-10-batches-py",
            List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"),
            List.of("test_batch"), "batches.meta", "label_names", "cifar-10-batches-bin",
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
            List.of("test_batch.bin"), "batches.meta.txt", 1);

    private static final int PIXELS = 32 * 32 * 3;

    public CIFAR10(Options o, BuildContext ctx) {
        this(o, ctx, LAYOUT);
    }

    CIFAR10(Options o, BuildContext ctx, Layout layout) {
        this(o, ctx, load(o.dataPrefix(), o.testMode(), layout));
    }

    private CIFAR10(Options o, BuildContext ctx, Loaded loaded) {
        super(o.dataPrefix(), o.annFile(), o.testMode(), buildPipeline(o.pipeline(), ctx), loaded.classes(),
                loaded.infos());
    }

    private record Loaded(List<String> classes, List<Map<String, Object>> infos) {}

    private static Loaded load(String prefix, boolean testMode, Layout l) {
        Path py = Path.of(prefix, l.pyFolder());
        Path bin = Path.of(prefix, l.binFolder());
        List<byte[]> images = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        List<String> classes;
        try {
            if (Files.isDirectory(py) || !Files.isDirectory(bin)) {
                for (String f : testMode ? l.test() : l.train()) {
                    readPickleBatch(py.resolve(f), images, labels);
                }
                classes = readPickleMeta(py.resolve(l.metaFile()), l.metaKey());
            } else {
                for (String f : testMode ? l.binTest() : l.binTrain()) {
                    readBinaryBatch(bin.resolve(f), l.labelBytes(), images, labels);
                }
                classes = Files.readAllLines(bin.resolve(l.binMeta())).stream().filter(s -> !s.isBlank()).toList();
            }
        } catch (IOException e) {
            throw new MgdException(l.name() + ": cannot read the dataset under data_prefix " + prefix + " (expected "
                    + py + " or " + bin + "; nothing is downloaded): " + e.getMessage(), e);
        }
        List<Map<String, Object>> infos = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("img", chwToHwc(images.get(i)));
            info.put("gt_label", labels.get(i));
            infos.add(info);
        }
        return new Loaded(classes, infos);
    }

    /** A 3072-byte row (R plane, G plane, B plane) as a 32×32×3 HWC image. */
    private static Image chwToHwc(byte[] row) {
        byte[] hwc = new byte[PIXELS];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 1024; p++) {
                hwc[p * 3 + c] = row[c * 1024 + p];
            }
        }
        return Image.ofUint8(32, 32, 3, hwc);
    }

    private static void readPickleBatch(Path file, List<byte[]> images, List<Long> labels) throws IOException {
        Map<?, ?> entry = asDict(PickleReader.load(Files.readAllBytes(file), file.toString()), file);
        if (!(entry.get("data") instanceof PickleReader.NdArray data) || !data.dtype().endsWith("u1")
                || data.data().length % PIXELS != 0) {
            throw new IOException(file + ": 'data' is not a uint8 array of 3072-byte rows");
        }
        Object lab = entry.containsKey("labels") ? entry.get("labels") : entry.get("fine_labels");
        if (!(lab instanceof List<?> ls) || ls.size() != data.data().length / PIXELS) {
            throw new IOException(file + ": expected 'labels' or 'fine_labels' with one label per image");
        }
        for (int i = 0; i < ls.size(); i++) {
            images.add(java.util.Arrays.copyOfRange(data.data(), i * PIXELS, (i + 1) * PIXELS));
            labels.add(((Number) ls.get(i)).longValue());
        }
    }

    private static List<String> readPickleMeta(Path file, String key) throws IOException {
        Object names = asDict(PickleReader.load(Files.readAllBytes(file), file.toString()), file).get(key);
        if (!(names instanceof List<?> l)) {
            throw new IOException(file + ": no '" + key + "' list");
        }
        return l.stream().map(String::valueOf).toList();
    }

    private static Map<?, ?> asDict(Object o, Path file) throws IOException {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IOException(file + ": expected a pickled dict");
    }

    /** Binary records: label byte(s) (CIFAR-100: coarse, fine) then 3072 pixel bytes. */
    private static void readBinaryBatch(Path file, int labelBytes, List<byte[]> images, List<Long> labels)
            throws IOException {
        byte[] all = Files.readAllBytes(file);
        int rec = labelBytes + PIXELS;
        if (all.length % rec != 0) {
            throw new IOException(file + ": size " + all.length + " is not a multiple of the " + rec + "-byte record");
        }
        for (int off = 0; off < all.length; off += rec) {
            labels.add((long) (all[off + labelBytes - 1] & 0xFF));
            images.add(java.util.Arrays.copyOfRange(all, off + labelBytes, off + rec));
        }
    }
}
