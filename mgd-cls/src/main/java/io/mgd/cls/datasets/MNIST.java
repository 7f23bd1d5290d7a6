package io.mgd.cls.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.IdxFiles;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmcls {@code MNIST}: IDX files under {@code data_prefix} ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-…}); like mmcls the uncompressed names are read
 * when present, otherwise the {@code .gz} files as distributed. Images are H×W×1 uint8 (mmcls
 * keeps H×W; {@code ImageToTensor} makes both C×H×W). Nothing is downloaded.
 *
 * <p>One addition to mmcls, {@code split}: {@code train}, {@code val} or {@code test} reads the
 * {@code train-}, {@code val-} or {@code t10k-} files whatever {@code test_mode} says, so a
 * validation split carved out of the training set (as {@code tools/dataset_converters/fashion_mnist_subset
 * --val} writes it) can be evaluated; left out, {@code test_mode} picks {@code t10k} as in mmcls.
 */
public class MNIST extends BaseDataset {
    /** The mmcls MNIST class names. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    /** Options (mmcls argument names and defaults). */
    public record Options(String dataPrefix, List<ConfigDict> pipeline, @Default("null") Object classes,
            @Default("null") String annFile, @Default("false") boolean testMode,
            @Default("null") String split) {}

    /** {@code split} value → file-name prefix. */
    private static final Map<String, String> SPLIT_FILES = Map.of("train", "train", "val", "val", "test", "t10k");

    public MNIST(Options o, BuildContext ctx) {
        this(o, ctx, CLASSES, "MNIST");
    }

    MNIST(Options o, BuildContext ctx, List<String> defaults, String name) {
        super(o.dataPrefix(), o.annFile(), o.testMode(), buildPipeline(o.pipeline(), ctx),
                getClasses(o.classes(), defaults, name), load(o.dataPrefix(), filePrefix(o, name), name));
    }

    private static String filePrefix(Options o, String name) {
        if (o.split() == null) {
            return o.testMode() ? "t10k" : "train";
        }
        String p = SPLIT_FILES.get(o.split());
        if (p == null) {
            throw new ConfigException(name + ": split must be one of train, val, test (or left out to follow "
                    + "test_mode), got '" + o.split() + "'");
        }
        return p;
    }

    private static List<Map<String, Object>> load(String prefix, String split, String name) {
        IdxFiles.IdxArray images = IdxFiles.read(Path.of(prefix), split + "-images-idx3-ubyte", name);
        IdxFiles.IdxArray labels = IdxFiles.read(Path.of(prefix), split + "-labels-idx1-ubyte", name);
        if (images.dims().length != 3 || labels.dims().length != 1 || images.dims()[0] != labels.dims()[0]) {
            throw new MgdException(name + ": " + split + " images/labels under " + prefix
                    + " must be N×H×W and N with the same N, got " + java.util.Arrays.toString(images.dims()) + " and "
                    + java.util.Arrays.toString(labels.dims()));
        }
        int n = images.dims()[0];
        int h = images.dims()[1];
        int w = images.dims()[2];
        List<Map<String, Object>> infos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] px = java.util.Arrays.copyOfRange(images.data(), i * h * w, (i + 1) * h * w);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("img", Image.ofUint8(h, w, 1, px));
            info.put("gt_label", (long) (labels.data()[i] & 0xFF));
            infos.add(info);
        }
        return infos;
    }
}
