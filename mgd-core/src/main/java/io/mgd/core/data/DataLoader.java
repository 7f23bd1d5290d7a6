package io.mgd.core.data;

import ai.djl.ndarray.NDManager;
import java.util.Iterator;

/**
 * The runner's view of a data loader (torch {@code DataLoader} + sampler): one pass over the
 * dataset per {@link #iterator(NDManager)}. Implementations shuffle per epoch from
 * {@link #setEpoch(int)} like {@code DistributedSampler.set_epoch}, so a resumed run sees the
 * same order as an uninterrupted one.
 */
public interface DataLoader {
    /**
     * A fresh pass over the data. Arrays of each {@link Batch} should be created in
     * {@code manager} (or in the caller's current {@code NDScope}); the caller closes each batch
     * after its step.
     */
    Iterator<Batch> iterator(NDManager manager);

    /** Batches per pass ({@code len(data_loader)}). */
    int size();

    /** Samples in the dataset ({@code len(dataset)}). */
    int datasetSize();

    /** Sets the epoch that seeds the next pass's shuffle. */
    void setEpoch(int epoch);
}
