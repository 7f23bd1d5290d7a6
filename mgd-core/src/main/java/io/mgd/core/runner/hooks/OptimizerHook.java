package io.mgd.core.runner.hooks;

import io.mgd.core.nn.Parameter;
import io.mgd.core.optim.ClipGrad;
import io.mgd.core.runner.BaseRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mmcv's {@code OptimizerHook} (priority ABOVE_NORMAL): after each training iteration, optionally
 * clips gradients ({@code grad_clip=dict(max_norm, norm_type=2)}, torch {@code clip_grad_norm_}
 * over the model's parameters that have a gradient) and logs {@code grad_norm}, then steps the
 * optimizer. Zeroing and backward happen in the runner's step, inside the gradient collector.
 */
public final class OptimizerHook implements Hook {
    private final Double maxNorm;
    private final double normType;

    /** No clipping. */
    public OptimizerHook() {
        this(null, 2.0);
    }

    /**
     * @param maxNorm clip threshold, or null for no clipping
     * @param normType p of the norm ({@code Double.POSITIVE_INFINITY} for max)
     */
    public OptimizerHook(Double maxNorm, double normType) {
        this.maxNorm = maxNorm;
        this.normType = normType;
    }

    /** From an {@code optimizer_config.grad_clip} dict (null: no clipping). */
    public static OptimizerHook fromGradClip(Map<String, Object> gradClip) {
        if (gradClip == null) {
            return new OptimizerHook();
        }
        Object max = gradClip.get("max_norm");
        if (!(max instanceof Number n)) {
            throw new io.mgd.core.config.ConfigException("optimizer_config.grad_clip.max_norm must be a number, got "
                    + io.mgd.core.config.ConfigDict.describe(max));
        }
        Object nt = gradClip.getOrDefault("norm_type", 2.0);
        double p = nt instanceof String s && s.equals("inf") ? Double.POSITIVE_INFINITY : ((Number) nt).doubleValue();
        return new OptimizerHook(n.doubleValue(), p);
    }

    @Override
    public void afterTrainIter(BaseRunner runner) {
        if (maxNorm != null) {
            List<Parameter> params = new ArrayList<>(runner.model().module().namedParameters().values());
            boolean any = params.stream().anyMatch(p -> p.requiresGrad() && p.grad() != null);
            if (any) {
                double norm = ClipGrad.clipGradNorm(params, maxNorm, normType);
                runner.logBuffer().update(Map.of("grad_norm", norm), runner.lastBatchSize());
            }
        }
        runner.optimizer().step();
    }
}
