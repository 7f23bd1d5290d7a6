package io.mgd.core.data;

import java.util.List;
import java.util.Map;

/**
 * Turns the samples of one batch into the batch's fields, like the {@code collate_fn} of a torch
 * {@code DataLoader}. Runs in loader worker threads on plain Java values and must create no
 * NDArray: {@link HostArray} fields (and lists whose entries are all {@link HostArray}s) become
 * NDArrays (an {@code NDList} for a list) when the caller takes the batch.
 *
 * <p>{@link #standard()} is mmcv's {@code collate} for same-size samples; a task with ragged
 * samples (detection: images of different sizes, box lists of different lengths) supplies its
 * own and passes it to {@link SampleLoader}.
 */
@FunctionalInterface
public interface Collate {
    /** The batch fields of {@code samples} (at least one sample, all with the same keys). */
    Map<String, Object> collate(List<Map<String, Object>> samples);

    /** mmcv's {@code collate} for samples of equal shapes. */
    static Collate standard() {
        return Collation::collate;
    }
}
