package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.functional.F;

/**
 * {@code torch.nn.Dropout2d} on N×C×H×W: in training mode zeroes whole channels with
 * probability p and scales the rest by 1/(1-p); identity in eval mode (mmseg's decode heads use
 * it before {@code conv_seg}).
 */
public final class Dropout2d extends Module implements OnnxExportable {
    private final float p;

    public Dropout2d(NDManager manager, float p) {
        super(manager);
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.dropout2d(inputs.head(), p, isTraining()));
    }

    public float p() {
        return p;
    }

    /** No node: export is of the eval-mode forward, where dropout is the identity. */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return inputs;
    }
}
