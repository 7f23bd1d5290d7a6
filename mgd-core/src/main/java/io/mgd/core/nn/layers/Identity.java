package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;

/** {@code torch.nn.Identity}: returns its inputs; a placeholder that keeps state-dict keys stable. */
public final class Identity extends Module implements OnnxExportable {
    public Identity(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return inputs;
    }

    /** No node: the inputs pass through. */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return inputs;
    }
}
