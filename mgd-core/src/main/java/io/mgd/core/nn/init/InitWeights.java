package io.mgd.core.nn.init;

/**
 * A module with mmcv's {@code init_weights()}: re-initialises its parameters from its
 * {@code init_cfg} and then its children's, as {@code BaseModule.init_weights} does. Components
 * already run it once when they are built; call it again to re-draw the weights.
 */
public interface InitWeights {
    /** Applies this module's init_cfg (and its own fixed rules, e.g. zero_init_residual). */
    void initWeights();

    /**
     * The checkpoint of a {@code Pretrained} init_cfg (or deprecated {@code pretrained}) that the
     * model builder loads into this module after construction, or null.
     */
    default String pretrainedCheckpoint() {
        return null;
    }

    /** The Pretrained init_cfg's {@code prefix} (e.g. {@code backbone.}), or null for the whole file. */
    default String pretrainedPrefix() {
        return null;
    }
}
