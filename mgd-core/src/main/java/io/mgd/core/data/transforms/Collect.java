package io.mgd.core.data.transforms;

import io.mgd.core.data.Transform;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcv-style {@code Collect(keys, meta_keys)}: a new dict with {@code img_metas} (the meta keys
 * present in the results) and the listed keys. The default meta keys are mmdet/mmseg's, a
 * superset of mmcls's: the extra ones ({@code pad_shape}, {@code scale_factor}) are only taken
 * when a pipeline sets them, which mmcls pipelines never do.
 */
public final class Collect implements Transform {
    /** Options. */
    public record Options(List<String> keys,
            @Default("[filename, ori_filename, ori_shape, img_shape, pad_shape, scale_factor, flip, flip_direction, "
                    + "img_norm_cfg]") List<String> metaKeys) {}

    private final Options options;

    public Collect(Options options) {
        this.options = options;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Map<String, Object> meta = new LinkedHashMap<>();
        for (String k : options.metaKeys()) {
            if (results.containsKey(k)) {
                meta.put(k, results.get(k));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("img_metas", meta);
        for (String k : options.keys()) {
            if (!results.containsKey(k)) {
                throw new MgdException("Collect: results have no key '" + k + "'; keys are " + results.keySet());
            }
            data.put(k, results.get(k));
        }
        return data;
    }
}
