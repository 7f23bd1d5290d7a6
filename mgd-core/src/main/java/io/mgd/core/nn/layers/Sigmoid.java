package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.functional.F;

/** {@code torch.nn.Sigmoid}; no parameters. */
public final class Sigmoid extends Module {
    public Sigmoid(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.sigmoid(inputs.head()));
    }
}
