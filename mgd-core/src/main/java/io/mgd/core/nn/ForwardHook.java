package io.mgd.core.nn;

import ai.djl.ndarray.NDList;

/** Called after a module's forward with its inputs and outputs, like torch forward hooks. */
@FunctionalInterface
public interface ForwardHook {
    void onForward(Module module, NDList inputs, NDList outputs);
}
