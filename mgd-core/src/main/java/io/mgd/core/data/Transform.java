package io.mgd.core.data;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One step of a data pipeline, like an mmcv pipeline callable: takes the results dict and
 * returns it (changed in place or a new map), or {@code null} to drop the sample.
 *
 * <p>Transforms are shared by loader worker threads, so they must hold no mutable state. All
 * randomness comes from {@code rng}, which the loader derives from the run seed, the epoch
 * and the sample index: the same sample gets the same augmentation whatever the number of
 * workers.
 */
@FunctionalInterface
public interface Transform {
    /** Applies this step to {@code results}. */
    Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng);
}
