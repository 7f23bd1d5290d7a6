package io.mgd.core.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A loss between one student feature and one teacher feature, as built from a
 * {@code distill_cfg[i].methods[j]} entry. Implementations are {@link io.mgd.core.nn.Module}s so
 * their parameters appear under {@code distill_losses.<name>.}.
 */
public interface DistillLoss {
    /** The {@code name} of the method entry: the loss-dict key and the ModuleDict key. */
    String name();

    /**
     * The scalar loss. The teacher feature must carry no autograd graph.
     *
     * @param studentFeat N×Cs×H×W
     * @param teacherFeat N×Ct×H×W
     */
    NDArray loss(NDArray studentFeat, NDArray teacherFeat);

    /**
     * Checks the shapes this loss will be given.
     *
     * @return {@code null} when they fit, else what was expected, e.g.
     *     {@code "MGDLoss expects student_channels=512, got 256"}
     */
    String describeMismatch(Shape studentShape, Shape teacherShape);
}
