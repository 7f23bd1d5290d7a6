package io.mgd.core.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Tensors;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;

/**
 * Logit distillation (Hinton et al.): {@code KL(softmax(t/τ) ‖ softmax(s/τ)) · τ² · loss_weight},
 * summed over classes and averaged over the batch. This is mmrazor's {@code KLDivergence} with its
 * defaults ({@code reduction='batchmean'}, {@code teacher_detach=True}), i.e. in PyTorch
 * {@code F.kl_div(F.log_softmax(s/τ, 1), F.softmax(t/τ, 1), reduction='batchmean') * τ**2 * w}.
 * Registered in {@code LOSSES} as {@code KDLoss}; it has no parameters, so it adds no {@code
 * distill_losses.*} keys.
 *
 * <p>Inputs are (N, C) logits; N×C×1×1 (a hooked 1×1 conv or pooled map) is flattened first. In a
 * classification distiller, hook {@code head.fc} of both models to get them.
 */
public final class KDLoss extends Module implements DistillLoss {

    /**
     * Config arguments.
     *
     * @param name the loss name (loss-dict and {@code distill_losses} key)
     * @param tau the temperature τ (&gt; 0)
     * @param lossWeight the factor applied last
     */
    public record Options(String name, @Default("1.0") double tau, @Default("1.0") double lossWeight) {
        public Options {
            checkName(name);
            if (!(tau > 0) || Double.isInfinite(tau)) {
                throw new IllegalArgumentException("tau must be a positive number, got " + tau);
            }
        }
    }

    private final String name;
    private final double tau;
    private final double lossWeight;

    public KDLoss(NDManager manager, Options o) {
        super(manager);
        this.name = o.name();
        this.tau = o.tau();
        this.lossWeight = o.lossWeight();
    }

    /** The shared rule for a loss {@code name}: it is a ModuleDict key, so no dots. */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("name must be a non-empty string without '.', got "
                    + (name == null ? "None" : "'" + name + "'"));
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The temperature τ. */
    public double tau() {
        return tau;
    }

    public double lossWeight() {
        return lossWeight;
    }

    @Override
    public NDArray loss(NDArray studentLogits, NDArray teacherLogits) {
        return forward(new NDList(studentLogits, teacherLogits)).head();
    }

    @Override
    public String describeMismatch(Shape s, Shape t) {
        if (!isLogits(s) || !isLogits(t)) {
            return "KDLoss expects (N, C) logits (or N×C×1×1), e.g. from student_module/teacher_module 'head.fc'";
        }
        if (s.get(0) != t.get(0)) {
            return "KDLoss expects the same batch size, got " + s.get(0) + " and " + t.get(0);
        }
        if (s.get(1) != t.get(1)) {
            return "KDLoss '" + name + "' expects the same number of classes, got " + s.get(1) + " (student) and "
                    + t.get(1) + " (teacher)";
        }
        return null;
    }

    private static boolean isLogits(Shape s) {
        return s.dimension() == 2 || (s.dimension() == 4 && s.get(2) == 1 && s.get(3) == 1);
    }

    /** Inputs {@code [student, teacher]}; output {@code [scalar loss]}. */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray s = inputs.get(0);
        NDArray t = inputs.get(1);
        String problem = describeMismatch(s.getShape(), t.getShape());
        if (problem != null) {
            throw new MgdException("loss '" + name + "': student logits " + s.getShape() + ", teacher logits "
                    + t.getShape() + ": " + problem);
        }
        long n = s.getShape().get(0);
        long c = s.getShape().get(1);
        NDArray logPs = s.reshape(n, c).div(Tensors.scalar(s.getManager(), tau)).logSoftmax(1);
        NDArray tt = t.reshape(n, c).stopGradient().div((float) tau);
        // torch's kl_div(input, target) = target · (log target − input); log target from
        // log_softmax keeps it finite where softmax underflows to 0 (then the term is 0, as xlogy).
        NDArray pt = tt.softmax(1);
        NDArray kl = pt.mul(tt.logSoftmax(1).sub(logPs)).sum().div(Tensors.scalar(pt.getManager(), n));
        return new NDList(kl.mul(Tensors.scalar(kl.getManager(), tau * tau)).mul(Tensors.scalar(kl.getManager(), lossWeight)));
    }
}
