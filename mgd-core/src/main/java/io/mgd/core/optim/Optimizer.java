package io.mgd.core.optim;

import io.mgd.core.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * A torch-compatible optimizer over parameter groups. {@link #step()} runs outside any gradient
 * collector and updates parameters in place under {@link io.mgd.core.nn.GradMode#disabled()}, so it
 * works on any thread; state survives steps.
 */
public interface Optimizer {
    /** Parameter groups in order (their {@code lr} is changed by LR schedules). */
    List<ParamGroup> paramGroups();

    /** Applies one update from the current gradients. */
    void step();

    /** Sets every parameter gradient to zero (call before each backward). */
    default void zeroGrad() {
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            scope.suppressNotUsedWarning();
            for (ParamGroup g : paramGroups()) {
                for (Parameter p : g.params()) {
                    var grad = p.grad();
                    if (grad != null) {
                        grad.muli(0);
                    }
                }
            }
        }
    }

    /**
     * torch's {@code optimizer.state_dict()}: {@code state} (param index → per-param tensors)
     * and {@code param_groups} (hyper-parameters with {@code params} as index lists). Tensors
     * are live NDArrays.
     */
    Map<String, Object> stateDict();

    /** Restores {@link #stateDict()} output (e.g. from a checkpoint). */
    void loadStateDict(Map<String, Object> state);
}
