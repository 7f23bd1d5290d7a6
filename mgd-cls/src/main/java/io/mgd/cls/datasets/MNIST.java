package io.mgd.cls.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * mmcls {@code MNIST}: IDX files under {@code data_prefix} ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-…}); like mmcls the uncompressed names are read
 * when present, otherwise the {@code .gz} files as distributed. Images are H×W×1 uint8 (mmcls
 * keeps H×W; {@code ImageToTensor} makes both C×H×W). Nothing is downloaded.
 */
public class MNIST extends BaseDataset {
    /** The mmcls MNIST class names. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    /** Options (mmcls argument names and defaults). */
    public record Options(String dataPrefix, List<ConfigDict> pipeline, @Default("null") Object classes,
            @Default("null") String annFile, @Default("false") boolean testMode) {}

    public MNIST(Options o, BuildContext ctx) {
        this(o, ctx, CLASSES, "MNIST");
    }

    MNIST(Options o, BuildContext ctx, List<String> defaults, String name) {
        super(o.dataPrefix(), o.annFile(), o.testMode(), buildPipeline(o.pipeline(), ctx),
                getClasses(o.classes(), defaults, name), load(o.dataPrefix(), o.testMode(), name));
    }

    private static List<Map<String, Object>> load(String prefix, boolean testMode, String name) {
        String split = testMode ? "t10k" : "train";
        IdxArray images = readIdx(Path.of(prefix), split + "-images-idx3-ubyte", name);
        IdxArray labels = readIdx(Path.of(prefix), split + "-labels-idx1-ubyte", name);
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

    /** An IDX (LeCun) uint8 tensor. */
    record IdxArray(int[] dims, byte[] data) {}

    /** Reads {@code dir/base} or else {@code dir/base.gz}; only unsigned-byte (0x08) IDX files, as mmcls asserts. */
    static IdxArray readIdx(Path dir, String base, String component) {
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
            throw new MgdException(component + ": cannot read " + plain + " or " + gz + " (nothing is downloaded): " + e, e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || b.getShort() != 0 || (b.get() & 0xFF) != 0x08) {
            throw new MgdException(component + ": " + file + " is not an unsigned-byte IDX file (bad magic)");
        }
        int nd = b.get() & 0xFF;
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = b.getInt();
            count *= dims[i];
        }
        if (b.remaining() < count) {
            throw new MgdException(component + ": " + file + " is truncated: " + b.remaining() + " bytes for " + count
                    + " values");
        }
        byte[] data = new byte[(int) count];
        b.get(data);
        return new IdxArray(dims, data);
    }
}
