package io.mgd.cls.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mmcls {@code ImageNet}: samples from {@code ann_file} lines {@code path label}, or from one
 * sub-folder of {@code data_prefix} per class (sorted names; extensions .jpg .jpeg .png .ppm
 * .bmp .pgm .tif). {@code CLASSES} are the 1000 mmcls ImageNet names. Unlike mmcls 0.19, files
 * in nested sub-folders keep their relative path.
 */
public final class ImageNet extends BaseDataset {
    static final List<String> IMG_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif");
    /** The mmcls ImageNet class names (index = label). */
    public static final List<String> CLASSES = readClasses();

    /** Options (mmcls argument names and defaults). */
    public record Options(String dataPrefix, List<ConfigDict> pipeline, @Default("null") Object classes,
            @Default("null") String annFile, @Default("false") boolean testMode) {}

    public ImageNet(Options o, BuildContext ctx) {
        super(o.dataPrefix(), o.annFile(), o.testMode(), buildPipeline(o.pipeline(), ctx),
                getClasses(o.classes(), CLASSES, "ImageNet"), load(o.dataPrefix(), o.annFile()));
    }

    private static List<Map<String, Object>> load(String prefix, String annFile) {
        List<FileSamples.Sample> samples;
        if (annFile == null) {
            Path root = Path.of(prefix);
            samples = FileSamples.fromFolders(root, FileSamples.folders(root, "ImageNet"), IMG_EXTENSIONS, true,
                    new ArrayList<>());
            if (samples.isEmpty()) {
                throw new MgdException("ImageNet: found 0 files in subfolders of " + prefix
                        + ". Supported extensions are: " + String.join(",", IMG_EXTENSIONS));
            }
        } else {
            samples = FileSamples.fromAnnFile(annFile, "ImageNet");
        }
        List<Map<String, Object>> infos = new ArrayList<>(samples.size());
        for (FileSamples.Sample s : samples) {
            infos.add(fileInfo(prefix, s.filename(), s.label()));
        }
        return infos;
    }

    private static List<String> readClasses() {
        try (InputStream in = ImageNet.class.getResourceAsStream("imagenet_classes.txt")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("imagenet_classes.txt missing from mgd-cls", e);
        }
    }
}
