package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.functional.F;

/**
 * {@code torch.nn.AdaptiveAvgPool2d((h, w))}: bin i of an axis averages
 * [floor(i·in/out), ceil((i+1)·in/out)), so non-divisible sizes (7 → 3) overlap like torch's.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(NDManager manager, int outH, int outW) {
        super(manager);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("output size must be positive, got (" + outH + ", " + outW + ")");
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.adaptiveAvgPool2d(inputs.head(), outH, outW));
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }
}
