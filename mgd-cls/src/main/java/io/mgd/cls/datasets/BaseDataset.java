package io.mgd.cls.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Compose;
import io.mgd.core.data.Dataset;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcls {@code BaseDataset}: {@code data_prefix}, {@code pipeline}, {@code classes},
 * {@code ann_file}, {@code test_mode}; {@code data_infos} (one results dict per sample, copied
 * before the pipeline runs), {@code CLASSES}, {@link #getGtLabels()}.
 */
public abstract class BaseDataset implements Dataset {
    private final String dataPrefix;
    private final String annFile;
    private final boolean testMode;
    private final Compose pipeline;
    private final List<String> classes;
    private final List<Map<String, Object>> dataInfos;

    /** For subclasses, which load {@code dataInfos} (and may fix {@code classes}) before calling. */
    protected BaseDataset(String dataPrefix, String annFile, boolean testMode, Compose pipeline, List<String> classes,
            List<Map<String, Object>> dataInfos) {
        this.dataPrefix = dataPrefix;
        this.annFile = annFile;
        this.testMode = testMode;
        this.pipeline = pipeline;
        this.classes = classes == null ? null : List.copyOf(classes);
        this.dataInfos = Collections.unmodifiableList(new ArrayList<>(dataInfos));
    }

    /** Builds a classification pipeline: the mmcls steps first, then the shared ones. */
    public static Compose buildPipeline(List<?> cfgs, BuildContext ctx) {
        return Compose.build(cfgs, ctx, ClsDataModule.PIPELINES, Registries.TRANSFORMS);
    }

    /**
     * mmcls {@code get_classes}: {@code null} → the dataset's defaults; a string → a file with one
     * class name a line; a list → the names.
     */
    public static List<String> getClasses(Object classes, List<String> defaults, String component) {
        if (classes == null) {
            return defaults;
        }
        if (classes instanceof String file) {
            try {
                return List.copyOf(Files.readAllLines(Path.of(file)));
            } catch (IOException e) {
                throw new MgdException(component + ": cannot read classes file " + file + ": " + e, e);
            }
        }
        if (classes instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new ConfigException(component + ": classes must be None, a file name or a list of names, got "
                + ConfigDict.describe(classes));
    }

    public String dataPrefix() {
        return dataPrefix;
    }

    public String annFile() {
        return annFile;
    }

    public boolean testMode() {
        return testMode;
    }

    /** {@code CLASSES} (may be null for a dataset without names). */
    public List<String> classes() {
        return classes;
    }

    /** {@code class_to_idx}. */
    public Map<String, Integer> classToIdx() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            m.put(classes.get(i), i);
        }
        return m;
    }

    /** The raw annotation of sample {@code i} (before the pipeline); do not modify. */
    public Map<String, Object> dataInfo(int i) {
        return Collections.unmodifiableMap(dataInfos.get(i));
    }

    /** All ground-truth labels, in sample order. */
    public long[] getGtLabels() {
        long[] out = new long[dataInfos.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Long) dataInfos.get(i).get("gt_label");
        }
        return out;
    }

    /** {@code get_cat_ids}: the label of sample {@code idx} as a one-element list. */
    public List<Integer> getCatIds(int idx) {
        return List.of(((Long) dataInfos.get(idx).get("gt_label")).intValue());
    }

    public Compose pipeline() {
        return pipeline;
    }

    @Override
    public int size() {
        return dataInfos.size();
    }

    @Override
    public Map<String, Object> get(int index, RandomGenerator rng) {
        return pipeline.apply(copy(dataInfos.get(index)), rng);
    }

    /** {@code copy.deepcopy} of a data info: maps are copied; images and numbers are immutable. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> info) {
        Map<String, Object> out = new LinkedHashMap<>();
        info.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
        return out;
    }

    /** A file-based sample: {@code img_prefix}, {@code img_info.filename}, {@code gt_label}. */
    static Map<String, Object> fileInfo(String prefix, String filename, long label) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("img_prefix", prefix);
        Map<String, Object> imgInfo = new LinkedHashMap<>();
        imgInfo.put("filename", filename);
        info.put("img_info", imgInfo);
        info.put("gt_label", label);
        return info;
    }
}
