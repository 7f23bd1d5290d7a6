package io.mgd.core.data;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A map-style dataset whose items are mmcv results dicts after the dataset's pipeline: keys such
 * as {@code img} ({@link Image}, or {@link HostArray} after {@code ImageToTensor}),
 * {@code gt_label} ({@code Long}, a 0-d int64 array in mmcls), {@code img_info},
 * {@code filename}, {@code ori_shape}, {@code img_shape}, {@code img_norm_cfg},
 * {@code img_metas} (after {@code Collect}). Implementations must be safe to call from
 * several threads at once.
 */
public interface Dataset {
    /** Number of samples. */
    int size();

    /** Sample {@code index} after the pipeline, with randomness drawn from {@code rng}. */
    Map<String, Object> get(int index, RandomGenerator rng);

    /** Sample {@code index} with a generator seeded by the index alone (reproducible). */
    default Map<String, Object> get(int index) {
        return get(index, new SplittableRandom(index));
    }
}
