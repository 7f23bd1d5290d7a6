package io.mgd.seg.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Compose;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.Image;
import io.mgd.core.registry.ArgBinder;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.seg.datasets.pipelines.LoadAnnotations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.LoggerFactory;

/**
 * mmseg 0.20 {@code CustomDataset}: images {@code img_dir/xxx{img_suffix}} paired with label maps
 * {@code ann_dir/xxx{seg_map_suffix}}; the names {@code xxx} come from the {@code split} file
 * (one a line) or from scanning {@code img_dir} recursively (sorted). {@code data_root} is joined
 * in front of relative {@code img_dir}, {@code ann_dir} and {@code split}.
 *
 * <p>For evaluation it exposes what mmseg's {@code pre_eval} uses: {@link #getGtSegMap} (the map
 * as {@code gt_seg_map_loader_cfg}'s LoadAnnotations reads it: with the class-subset
 * {@link #labelMap()} applied, and {@code reduce_zero_label} only if that cfg asks for it),
 * {@link #classes()}, {@link #ignoreIndex()}, {@link #reduceZeroLabel()} and {@link #labelMap()}
 * (mmseg 0.20's {@code intersect_and_union} applies the last two to the ground truth again).
 */
public class CustomDataset implements Dataset {
    /** Options (mmseg names and defaults). */
    public record Options(@Default("[]") List<Object> pipeline, String imgDir, @Default("'.jpg'") String imgSuffix,
            @Default("null") String annDir, @Default("'.png'") String segMapSuffix, @Default("null") String split,
            @Default("null") String dataRoot, @Default("false") boolean testMode, @Default("255") int ignoreIndex,
            @Default("false") boolean reduceZeroLabel, @Default("null") Object classes, @Default("null") Object palette,
            @Default("null") ConfigDict gtSegMapLoaderCfg) {}

    private record Info(String filename, String segMap) {}

    private final String name;
    private final Compose pipeline;
    private final String imgDir;
    private final String annDir;
    private final String split;
    private final boolean testMode;
    private final int ignoreIndex;
    private final boolean reduceZeroLabel;
    private final SegClasses classes;
    private final LoadAnnotations gtSegMapLoader;
    private final List<Info> infos;

    /** Builds a {@code CustomDataset} from its options. */
    public CustomDataset(Options o, BuildContext ctx) {
        this(o, ctx, null, null, "CustomDataset");
    }

    /**
     * For datasets with their own class names and palette.
     *
     * @param name the type name used in messages
     */
    protected CustomDataset(Options o, BuildContext ctx, List<String> defaultClasses,
            List<List<Integer>> defaultPalette, String name) {
        this.name = name;
        this.pipeline = Compose.build(o.pipeline(), ctx, SegDataModule.PIPELINES, Registries.TRANSFORMS);
        this.classes = SegClasses.resolve(o.classes(), o.palette(), defaultClasses, defaultPalette, name);
        ConfigDict loaderCfg = o.gtSegMapLoaderCfg() == null ? new ConfigDict() : o.gtSegMapLoaderCfg();
        this.gtSegMapLoader = new LoadAnnotations(ArgBinder.bind(LoadAnnotations.Options.class, loaderCfg,
                name + ".gt_seg_map_loader_cfg"));
        if (o.testMode() && classes.classes() == null) {
            throw new ConfigException(name + ": `cls.CLASSES` or `classes` should be specified when testing");
        }
        this.imgDir = join(o.dataRoot(), o.imgDir());
        this.annDir = join(o.dataRoot(), o.annDir());
        this.split = join(o.dataRoot(), o.split());
        this.testMode = o.testMode();
        this.ignoreIndex = o.ignoreIndex();
        this.reduceZeroLabel = o.reduceZeroLabel();
        this.infos = load(o.imgSuffix(), o.segMapSuffix());
        LoggerFactory.getLogger(CustomDataset.class).info("Loaded {} images", infos.size());
    }

    /** {@code osp.join(data_root, p)} unless {@code p} is None or absolute. */
    private static String join(String root, String p) {
        if (root == null || p == null || Path.of(p).isAbsolute()) {
            return p;
        }
        return Path.of(root).resolve(p).toString();
    }

    private List<Info> load(String imgSuffix, String segMapSuffix) {
        List<Info> out = new ArrayList<>();
        if (split != null) {
            for (String stem : SegFiles.splitNames(Path.of(split), name)) {
                out.add(new Info(stem + imgSuffix, annDir == null ? null : stem + segMapSuffix));
            }
        } else {
            for (String img : SegFiles.scan(Path.of(imgDir), imgSuffix, name)) {
                out.add(new Info(img, annDir == null ? null : img.replace(imgSuffix, segMapSuffix)));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public int size() {
        return infos.size();
    }

    @Override
    public Map<String, Object> get(int index, RandomGenerator rng) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("img_info", imgInfo(index));
        if (!testMode) {
            results.put("ann_info", annInfo(index));
        }
        prePipeline(results);
        return pipeline.apply(results, rng);
    }

    /** {@code img_infos[i]}: {@code {filename, ann: {seg_map}}} (no {@code ann} without ann_dir). */
    public Map<String, Object> imgInfo(int index) {
        Info info = infos.get(index);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", info.filename());
        if (info.segMap() != null) {
            Map<String, Object> ann = new LinkedHashMap<>();
            ann.put("seg_map", info.segMap());
            m.put("ann", ann);
        }
        return m;
    }

    /** {@code get_ann_info(i)}: {@code {seg_map}}; fails when the dataset has no ann_dir. */
    public Map<String, Object> annInfo(int index) {
        String segMap = infos.get(index).segMap();
        if (segMap == null) {
            throw new MgdException(name + ": sample " + index + " (" + infos.get(index).filename()
                    + ") has no annotation because ann_dir is not set; set ann_dir, or test_mode=True for inference");
        }
        Map<String, Object> ann = new LinkedHashMap<>();
        ann.put("seg_map", segMap);
        return ann;
    }

    /** {@code pre_pipeline}: seg_fields, img_prefix, seg_prefix and (for custom classes) label_map. */
    private void prePipeline(Map<String, Object> results) {
        results.put("seg_fields", new ArrayList<String>());
        results.put("img_prefix", imgDir);
        results.put("seg_prefix", annDir);
        if (classes.custom()) {
            results.put("label_map", classes.labelMap());
        }
    }

    /**
     * {@code get_gt_seg_map_by_idx}: the ground-truth map of sample {@code index} as a one-channel
     * uint8 {@link Image} (labels in {@code uint8Data()}, row-major), read by the
     * {@code gt_seg_map_loader_cfg} LoadAnnotations.
     */
    public Image getGtSegMap(int index) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("ann_info", annInfo(index));
        prePipeline(results);
        return (Image) gtSegMapLoader.apply(results, null).get("gt_semantic_seg");
    }

    /** The file of sample {@code index}'s label map ({@code ann_dir/seg_map}). */
    public Path segMapPath(int index) {
        String segMap = (String) annInfo(index).get("seg_map");
        return Path.of(annDir).resolve(segMap);
    }

    /** {@code CLASSES}, or null when neither the dataset nor {@code classes} names them. */
    public List<String> classes() {
        return classes.classes();
    }

    /** {@code PALETTE}: one [r, g, b] per class, or null. */
    public List<List<Integer>> palette() {
        return classes.palette();
    }

    /** {@code label_map} (old label → new label, −1 for dropped classes) of a class subset, or null. */
    public Map<Integer, Integer> labelMap() {
        return classes.labelMap();
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    public boolean reduceZeroLabel() {
        return reduceZeroLabel;
    }

    public boolean testMode() {
        return testMode;
    }

    /** {@code img_dir} after joining {@code data_root}. */
    public String imgDir() {
        return imgDir;
    }

    /** {@code ann_dir} after joining {@code data_root}, or null. */
    public String annDir() {
        return annDir;
    }

    public Compose pipeline() {
        return pipeline;
    }
}
