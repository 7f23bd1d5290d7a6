package io.mgd.core.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Tensors;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;

/**
 * Direct feature imitation (FitNets-style): {@code loss_weight · mean((align(S) − T)²)}, i.e.
 * PyTorch {@code F.mse_loss(align(S), T, reduction='mean') * loss_weight}. The "imitate the
 * teacher" baseline MGD is compared with; unlike MGD nothing is masked or generated.
 *
 * <p>Child {@code align} (1×1 conv Cs→Ct with bias, torch default init) exists only when used, so
 * its keys are {@code distill_losses.<name>.align.weight}/{@code .bias}. Registered in {@code
 * LOSSES} as {@code FeatureMimicLoss}.
 */
public final class FeatureMimicLoss extends Module implements DistillLoss {

    /**
     * Config arguments.
     *
     * @param studentChannels channels of the student feature
     * @param teacherChannels channels of the teacher feature
     * @param name the loss name (loss-dict and {@code distill_losses} key)
     * @param lossWeight the factor applied to the mean squared error
     * @param align whether to map the student through a 1×1 conv; None means "when the channels
     *     differ". False needs equal channels.
     */
    public record Options(int studentChannels, int teacherChannels, String name,
            @Default("1.0") double lossWeight, @Default("null") Boolean align) {
        public Options {
            if (studentChannels <= 0 || teacherChannels <= 0) {
                throw new IllegalArgumentException("student_channels and teacher_channels must be positive, got "
                        + studentChannels + " and " + teacherChannels);
            }
            KDLoss.checkName(name);
            if (Boolean.FALSE.equals(align) && studentChannels != teacherChannels) {
                throw new IllegalArgumentException("align=False needs student_channels == teacher_channels, got "
                        + studentChannels + " and " + teacherChannels);
            }
        }

        /** Whether the {@code align} conv is built. */
        boolean useAlign() {
            return align == null ? studentChannels != teacherChannels : align;
        }
    }

    private final String name;
    private final int studentChannels;
    private final int teacherChannels;
    private final double lossWeight;
    private final Conv2d align;

    public FeatureMimicLoss(NDManager manager, Options o) {
        super(manager);
        this.name = o.name();
        this.studentChannels = o.studentChannels();
        this.teacherChannels = o.teacherChannels();
        this.lossWeight = o.lossWeight();
        this.align = o.useAlign()
                ? registerModule("align", new Conv2d(manager, studentChannels, teacherChannels, 1, 1, 0, 1, 1, true))
                : null;
    }

    @Override
    public String name() {
        return name;
    }

    public int studentChannels() {
        return studentChannels;
    }

    public int teacherChannels() {
        return teacherChannels;
    }

    public double lossWeight() {
        return lossWeight;
    }

    /** The align conv, or null when not used. */
    public Conv2d align() {
        return align;
    }

    @Override
    public NDArray loss(NDArray studentFeat, NDArray teacherFeat) {
        return forward(new NDList(studentFeat, teacherFeat)).head();
    }

    @Override
    public String describeMismatch(Shape s, Shape t) {
        if (s.dimension() != 4 || t.dimension() != 4) {
            return "FeatureMimicLoss expects 4-d N×C×H×W features";
        }
        if (s.get(0) != t.get(0)) {
            return "FeatureMimicLoss expects the same batch size, got " + s.get(0) + " and " + t.get(0);
        }
        if (s.get(1) != studentChannels || t.get(1) != teacherChannels) {
            return "FeatureMimicLoss '" + name + "' was built with student_channels=" + studentChannels
                    + ", teacher_channels=" + teacherChannels + " but got " + s.get(1) + " and " + t.get(1);
        }
        if (s.get(2) != t.get(2) || s.get(3) != t.get(3)) {
            return "FeatureMimicLoss expects the same spatial size, got " + s.get(2) + "x" + s.get(3)
                    + " and " + t.get(2) + "x" + t.get(3);
        }
        return null;
    }

    /** Inputs {@code [student, teacher]}; output {@code [scalar loss]}. */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray s = inputs.get(0);
        NDArray t = inputs.get(1);
        String problem = describeMismatch(s.getShape(), t.getShape());
        if (problem != null) {
            throw new MgdException("loss '" + name + "': student feature " + s.getShape()
                    + ", teacher feature " + t.getShape() + ": " + problem);
        }
        NDArray aligned = align == null ? s : align.forward(s);
        NDArray mse = aligned.sub(t.stopGradient()).square().mean();
        return new NDList(mse.mul(Tensors.scalar(mse.getManager(), lossWeight)));
    }
}
