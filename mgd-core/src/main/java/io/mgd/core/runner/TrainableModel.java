package io.mgd.core.runner;

import ai.djl.ndarray.NDArray;
import io.mgd.core.data.Batch;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runner trains: a classifier, detector, segmentor or distiller. The runner knows no
 * task; it only needs the module tree (state dict, train/eval mode), the training losses and the
 * parameters to optimize.
 */
public interface TrainableModel {
    /** The whole module tree; its state dict is what checkpoints hold. */
    Module module();

    /**
     * One training forward. Returns losses and logged scalars in log order, e.g.
     * {@code loss_cls, loss_bbox, acc}. Called inside a gradient collector and an {@code NDScope}.
     * Like mmcv's {@code parse_losses}, the runner takes the mean of each entry, sums every entry
     * whose key contains {@code "loss"} into {@code loss} (backpropagated), and logs all entries
     * averaged over the logging interval.
     */
    LinkedHashMap<String, NDArray> forwardTrain(Batch batch);

    /**
     * The parameters the optimizer sees, by dotted state-dict name, in module order. Defaults to
     * every parameter (frozen ones included, as torch's {@code model.parameters()}); a distiller
     * returns only the student's and the distillation losses'.
     */
    default Map<String, Parameter> trainableParameters() {
        return module().namedParameters();
    }

    /** Class names saved as {@code meta.CLASSES} in checkpoints, or null. */
    default List<String> classes() {
        return null;
    }
}
