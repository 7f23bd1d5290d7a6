package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;

/** {@code torch.nn.ReLU}; no parameters ({@code inplace} has no meaning here). */
public final class ReLU extends Module {
    public ReLU(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(ai.djl.nn.Activation.relu(inputs.head()));
    }
}
