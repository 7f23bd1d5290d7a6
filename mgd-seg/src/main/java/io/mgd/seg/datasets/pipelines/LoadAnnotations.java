package io.mgd.seg.datasets.pipelines;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmseg {@code LoadAnnotations(reduce_zero_label=False, file_client_args=dict(backend='disk'),
 * imdecode_backend='pillow')}: reads {@code seg_prefix/ann_info.seg_map} (see
 * {@link LabelMaps#read}), applies {@code results['label_map']} when a class subset set one,
 * then {@code reduce_zero_label}; stores {@code gt_semantic_seg} and adds it to
 * {@code seg_fields}.
 */
public final class LoadAnnotations implements Transform {
    /** Options (mmseg names and defaults). */
    public record Options(@Default("false") boolean reduceZeroLabel,
            @Default("{backend: disk}") ConfigDict fileClientArgs, @Default("pillow") String imdecodeBackend) {
        public Options {
            String backend = fileClientArgs == null ? "disk" : fileClientArgs.getString("backend", "disk");
            if (!"disk".equals(backend)) {
                throw new ConfigException("LoadAnnotations: file_client_args.backend '" + backend
                        + "' is not supported; only 'disk'");
            }
            if (!imdecodeBackend.equals("pillow") && !imdecodeBackend.equals("cv2")) {
                throw new ConfigException("LoadAnnotations: imdecode_backend must be 'pillow' or 'cv2', got '"
                        + imdecodeBackend + "'");
            }
        }
    }

    private final Options options;

    public LoadAnnotations(Options options) {
        this.options = options;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (!(results.get("ann_info") instanceof Map<?, ?> ann) || !(ann.get("seg_map") instanceof String segMap)) {
            throw new MgdException("LoadAnnotations: results need ann_info.seg_map (is ann_dir set and test_mode "
                    + "off?), got keys " + results.keySet());
        }
        Object prefix = results.get("seg_prefix");
        Path file = prefix == null ? Path.of(segMap) : Path.of(prefix.toString()).resolve(segMap);
        Image seg = LabelMaps.read(file, options.imdecodeBackend());
        if (results.get("label_map") instanceof Map<?, ?> labelMap) {
            seg = LabelMaps.applyLabelMap(seg, (Map<Integer, Integer>) labelMap);
        }
        if (options.reduceZeroLabel()) {
            seg = LabelMaps.reduceZeroLabel(seg);
        }
        results.put("gt_semantic_seg", seg);
        SegFields.addSegField(results, "gt_semantic_seg");
        return results;
    }
}
