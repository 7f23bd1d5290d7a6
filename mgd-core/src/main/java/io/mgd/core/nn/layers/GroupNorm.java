package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import java.util.List;

/** {@code torch.nn.GroupNorm}: normalise over channel groups; {@code weight}, {@code bias}. */
public final class GroupNorm extends Module {
    private final int numGroups;
    private final int numChannels;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(NDManager manager, int numGroups, int numChannels, float eps) {
        super(manager);
        if (numChannels % numGroups != 0) {
            throw new IllegalArgumentException("num_channels " + numChannels + " must be divisible by num_groups " + numGroups);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = registerParameter("weight", manager.ones(new Shape(numChannels)));
        this.bias = registerParameter("bias", manager.zeros(new Shape(numChannels)));
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), numGroups, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centered = g.sub(mean);
        NDArray var = centered.square().mean(new int[] {2}, true);
        NDArray normed = centered.div(var.add(eps).sqrt()).reshape(s);
        long[] bshape = new long[s.dimension()];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = numChannels;
        Shape b = new Shape(bshape);
        return new NDList(normed.mul(weight.data().reshape(b)).add(bias.data().reshape(b)));
    }

    public int numGroups() {
        return numGroups;
    }

    /** {@inheritDoc} */
    @Override
    public List<String> torchTypeNames() {
        return List.of("GroupNorm", "Module");
    }
}
