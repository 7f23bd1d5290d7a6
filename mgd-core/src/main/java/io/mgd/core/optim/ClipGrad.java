package io.mgd.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import io.mgd.core.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/** {@code torch.nn.utils.clip_grad_norm_} over parameter gradients. */
public final class ClipGrad {
    private ClipGrad() {}

    /**
     * Scales every gradient in place by {@code min(1, maxNorm / (total + 1e-6))} where total is
     * the {@code normType}-norm of the per-parameter norms (float32, like torch), and returns the
     * total norm before clipping. Parameters without a gradient are skipped; with none left the
     * result is 0.
     *
     * @param normType a positive p, or {@code Double.POSITIVE_INFINITY} for the max norm
     */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm, double normType) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> grads = new ArrayList<>();
            for (Parameter p : params) {
                NDArray g = p.grad();
                if (g != null) {
                    grads.add(g);
                }
            }
            if (grads.isEmpty()) {
                return 0.0;
            }
            NDArray total;
            if (Double.isInfinite(normType)) {
                List<NDArray> maxes = new ArrayList<>();
                grads.forEach(g -> maxes.add(g.abs().max()));
                total = NDArrays.stack(new ai.djl.ndarray.NDList(maxes)).max();
            } else {
                List<NDArray> norms = new ArrayList<>();
                grads.forEach(g -> norms.add(pnorm(g.flatten(), normType)));
                total = pnorm(NDArrays.stack(new ai.djl.ndarray.NDList(norms)), normType);
            }
            float totalNorm = total.getFloat();
            float coef = (float) maxNorm / (totalNorm + 1e-6f);
            if (coef < 1f) {
                // torch multiplies by the clamped coefficient; a factor of 1 changes nothing.
                grads.forEach(g -> g.muli(coef));
            }
            return totalNorm;
        }
    }

    private static NDArray pnorm(NDArray v, double p) {
        if (p == 2.0) {
            return v.square().sum().sqrt();
        }
        if (p == 1.0) {
            return v.abs().sum();
        }
        return v.abs().pow((float) p).sum().pow((float) (1.0 / p));
    }
}
