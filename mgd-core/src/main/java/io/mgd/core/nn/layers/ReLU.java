package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;

/** {@code torch.nn.ReLU}; no parameters ({@code inplace} has no meaning here). */
public final class ReLU extends Module implements OnnxExportable {
    public ReLU(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(ai.djl.nn.Activation.relu(inputs.head()));
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(g.node("Relu", inputs.get(0)));
    }
}
