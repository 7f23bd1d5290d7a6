package io.mgd.core.nn.init;

import io.mgd.core.nn.Module;

/**
 * Loads a checkpoint into a module for {@code init_cfg=dict(type='Pretrained', ...)}; the
 * checkpoint package provides the implementation (mmcv's {@code load_checkpoint} /
 * {@code _load_checkpoint_with_prefix} with {@code strict=False}).
 */
@FunctionalInterface
public interface PretrainedLoader {
    /**
     * Copies the matching tensors of {@code checkpoint} into {@code target}, non-strictly.
     *
     * @param checkpoint a file path or URL-like name as written in the config
     * @param prefix null to load the whole state dict; otherwise only keys starting with it,
     *     with the prefix removed (e.g. {@code "backbone."})
     */
    void load(Module target, String checkpoint, String prefix);
}
