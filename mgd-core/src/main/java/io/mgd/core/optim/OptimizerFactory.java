package io.mgd.core.optim;

import java.util.List;

/**
 * What the {@code OPTIMIZERS} registry builds from an {@code optimizer} cfg: the global
 * hyper-parameters, waiting for the parameter groups (torch's {@code Optimizer(params, **cfg)}).
 */
@FunctionalInterface
public interface OptimizerFactory {
    /**
     * Creates the optimizer. Options a group already holds (paramwise lr or weight_decay) win
     * over the cfg-wide ones, as in torch.
     */
    Optimizer create(List<ParamGroup> groups);
}
