package io.mgd.cls.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * mmcls {@code CustomDataset} (added in mmcls 0.22; same config keys): with {@code ann_file},
 * lines {@code path label} and {@code classes} naming the labels; without, one sub-folder of
 * {@code data_prefix} per class (sorted), files found recursively and filtered by
 * {@code extensions}, and {@code CLASSES} = the folder names unless {@code classes} is given
 * (then the counts must match).
 */
public final class CustomDataset extends BaseDataset {
    /** Options (mmcls argument names and defaults). */
    public record Options(String dataPrefix, @Default("[]") List<ConfigDict> pipeline,
            @Default("null") Object classes, @Default("null") String annFile,
            @Default("['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif']") List<String> extensions,
            @Default("false") boolean testMode, @Default("null") ConfigDict fileClientArgs) {}

    private CustomDataset(Options o, BuildContext ctx, Loaded loaded) {
        super(o.dataPrefix(), o.annFile(), o.testMode(), buildPipeline(o.pipeline(), ctx), loaded.classes,
                loaded.infos);
    }

    public CustomDataset(Options o, BuildContext ctx) {
        this(o, ctx, load(o));
    }

    private record Loaded(List<String> classes, List<Map<String, Object>> infos) {}

    private static Loaded load(Options o) {
        List<String> classes = getClasses(o.classes(), null, "CustomDataset");
        List<FileSamples.Sample> samples;
        if (o.annFile() == null) {
            Path root = Path.of(o.dataPrefix());
            List<String> folders = FileSamples.folders(root, "CustomDataset");
            List<String> empty = new ArrayList<>();
            samples = FileSamples.fromFolders(root, folders, o.extensions(), false, empty);
            if (samples.isEmpty()) {
                throw new MgdException("CustomDataset: found 0 files in subfolders of " + o.dataPrefix()
                        + ". Supported extensions are: " + String.join(",", o.extensions()));
            }
            if (classes != null && classes.size() != folders.size()) {
                throw new MgdException("CustomDataset: the number of subfolders (" + folders.size()
                        + ") doesn't match the number of specified classes (" + classes.size()
                        + "). Please check the data folder " + o.dataPrefix());
            }
            if (classes == null) {
                classes = folders;
            }
            if (!empty.isEmpty()) {
                LoggerFactory.getLogger(CustomDataset.class).warn("Found no valid file in the folder {}. "
                        + "Supported extensions are: {}", String.join(", ", empty), String.join(", ", o.extensions()));
            }
        } else {
            samples = FileSamples.fromAnnFile(o.annFile(), "CustomDataset");
        }
        List<Map<String, Object>> infos = new ArrayList<>(samples.size());
        for (FileSamples.Sample s : samples) {
            infos.add(fileInfo(o.dataPrefix(), s.filename(), s.label()));
        }
        return new Loaded(classes, infos);
    }
}
