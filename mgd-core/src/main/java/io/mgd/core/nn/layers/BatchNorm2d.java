package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Buffer;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import java.util.List;

/**
 * {@code torch.nn.BatchNorm2d} (also serves mmcv's {@code SyncBN}/{@code BN2d}, which save the same
 * tensors): {@code weight}, {@code bias}, {@code running_mean}, {@code running_var},
 * {@code num_batches_tracked} (int64 scalar).
 */
public final class BatchNorm2d extends Module implements OnnxExportable {
    private final int numFeatures;
    private final float eps;
    private final float momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer numBatchesTracked;

    /** BN with torch defaults: eps 1e-5, momentum 0.1, affine. */
    public BatchNorm2d(NDManager manager, int numFeatures) {
        this(manager, numFeatures, 1e-5f, 0.1f);
    }

    /**
     * @param momentum torch convention: running = (1 - momentum) * running + momentum * batch
     */
    public BatchNorm2d(NDManager manager, int numFeatures, float eps, float momentum) {
        super(manager);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", manager.ones(new Shape(numFeatures)));
        this.bias = registerParameter("bias", manager.zeros(new Shape(numFeatures)));
        this.runningMean = registerBuffer("running_mean", manager.zeros(new Shape(numFeatures)));
        this.runningVar = registerBuffer("running_var", manager.ones(new Shape(numFeatures)));
        this.numBatchesTracked = registerBuffer("num_batches_tracked",
                manager.create(0L).toType(DataType.INT64, false));
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = inputs.head();
        boolean train = isTraining();
        if (train) {
            // torch increments the counter in place; it is saved in checkpoints.
            numBatchesTracked.data().addi(1);
        }
        // DJL's momentum is the weight of the old running value: 1 - torch momentum. Axis -1 makes
        // DJL's PyTorch engine call torch's batch_norm directly, which normalises over dim 1 (the
        // channels); any other axis is wrapped in two transposes and a sub-manager per call.
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, runningMean.data(), runningVar.data(),
                weight.data(), bias.data(), -1, 1f - momentum, eps, train);
    }

    public int numFeatures() {
        return numFeatures;
    }

    public float eps() {
        return eps;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Buffer runningMean() {
        return runningMean;
    }

    public Buffer runningVar() {
        return runningVar;
    }

    /** {@inheritDoc} */
    @Override
    public List<String> torchTypeNames() {
        return List.of("BatchNorm2d", "_BatchNorm");
    }

    /** ONNX {@code BatchNormalization} with the running statistics (the eval-mode forward). */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(g.node("BatchNormalization", List.of(inputs.get(0), g.weight(this, "weight", weight.data()),
                g.weight(this, "bias", bias.data()), g.weight(this, "running_mean", runningMean.data()),
                g.weight(this, "running_var", runningVar.data())), OnnxGraph.attrs("epsilon", eps)));
    }
}
