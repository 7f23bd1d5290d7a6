package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.functional.F;

/** {@code torch.nn.Sigmoid}; no parameters. */
public final class Sigmoid extends Module implements OnnxExportable {
    public Sigmoid(NDManager manager) {
        super(manager);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.sigmoid(inputs.head()));
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(g.node("Sigmoid", inputs.get(0)));
    }
}
