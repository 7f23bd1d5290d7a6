package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import java.util.List;

/** {@code torch.nn.Linear}: {@code weight} [out, in], optional {@code bias} [out]; torch init. */
public final class Linear extends Module implements OnnxExportable {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(NDManager manager, int in, int out, boolean bias) {
        super(manager);
        this.inFeatures = in;
        this.outFeatures = out;
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = registerParameter("weight", manager.randomUniform(-bound, bound, new Shape(out, in)));
        this.bias = bias ? registerParameter("bias", manager.randomUniform(-bound, bound, new Shape(out)))
                : null;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return ai.djl.nn.core.Linear.linear(inputs.head(), weight.data(),
                bias == null ? null : bias.data());
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /** {@inheritDoc} */
    @Override
    public List<String> torchTypeNames() {
        return List.of("Linear", "Module");
    }

    /**
     * ONNX {@code Gemm(x, W, b, transB=1)} on N×in inputs; other ranks use {@code MatMul} with the
     * transposed weight, then {@code Add}.
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        String x = inputs.get(0);
        if (g.inputShapes(this).get(0).dimension() == 2) {
            List<String> in = new java.util.ArrayList<>(List.of(x, g.weight(this, "weight", weight.data())));
            if (bias != null) {
                in.add(g.weight(this, "bias", bias.data()));
            }
            return List.of(g.node("Gemm", in, OnnxGraph.attrs("transB", 1)));
        }
        String y;
        try (ai.djl.ndarray.NDArray wt = weight.data().transpose()) {
            y = g.node("MatMul", x, g.weight(this, "weight_t", wt));
        }
        return List.of(bias == null ? y : g.node("Add", y, g.weight(this, "bias", bias.data())));
    }
}
