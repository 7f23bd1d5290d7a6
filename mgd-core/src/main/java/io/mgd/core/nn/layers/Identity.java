package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;

/** {@code torch.nn.Identity}: returns its inputs; a placeholder that keeps state-dict keys stable. */
public final class Identity extends Module {
    public Identity(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return inputs;
    }
}
