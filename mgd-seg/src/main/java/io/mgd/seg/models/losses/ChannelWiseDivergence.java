package io.mgd.seg.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.models.losses.DistillLoss;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Tensors;
import io.mgd.core.registry.Default;

/**
 * Channel-wise distillation of segmentation logits, the {@code loss_logit} of the MGD seg
 * distiller ({@code SegmentationDistiller.forward_train}, which computes it inline; the type name
 * is mmrazor's {@code ChannelWiseDivergence}, the same formula as a module).
 *
 * <p>With student logits S and teacher logits T (N×C×H×W) and each of the N·C channels
 * flattened over H·W: {@code p = softmax(T/τ)}, {@code loss = Σ (p·log_softmax(T/τ) −
 * p·log_softmax(S/τ)) · τ²}, and the result is {@code loss_weight · loss / (C·N)}. The reference
 * run uses τ = 4 and the factor 3 in front ({@code 3 * loss / (C * N)}), i.e. loss_weight 3:
 * {@link #mgdReference}. The teacher is detached; only the student receives gradients.
 */
public final class ChannelWiseDivergence extends Module implements DistillLoss {
    /**
     * Config arguments.
     *
     * @param tau temperature τ (mmrazor default 1.0; the MGD seg reference uses 4)
     * @param lossWeight factor in front (mmrazor default 1.0; the MGD seg reference uses 3)
     * @param name the loss-dict key
     */
    public record Options(@Default("1.0") double tau, @Default("1.0") double lossWeight,
            @Default("loss_logit") String name) {
        public Options {
            if (!(tau > 0)) {
                throw new IllegalArgumentException("tau must be > 0, got " + tau);
            }
        }
    }

    /** τ and the factor of the MGD seg distiller: {@code 3 * KD_τ=4 / (C·N)}. */
    public static final Options MGD_REFERENCE = new Options(4.0, 3.0, "loss_logit");

    private final Options options;

    public ChannelWiseDivergence(NDManager manager, Options options) {
        super(manager);
        this.options = options;
    }

    /** The loss exactly as the MGD seg distiller computes {@code loss_logit}. */
    public static ChannelWiseDivergence mgdReference(NDManager manager) {
        return new ChannelWiseDivergence(manager, MGD_REFERENCE);
    }

    @Override
    public String name() {
        return options.name();
    }

    @Override
    public NDArray loss(NDArray studentLogits, NDArray teacherLogits) {
        String mismatch = describeMismatch(studentLogits.getShape(), teacherLogits.getShape());
        if (mismatch != null) {
            throw new IllegalArgumentException(mismatch);
        }
        Shape s = studentLogits.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long hw = s.get(2) * s.get(3);
        float invTau = (float) (1.0 / options.tau());
        NDArray t = teacherLogits.stopGradient().reshape(-1, hw).mul(invTau);
        NDArray st = studentLogits.reshape(-1, hw).mul(Tensors.scalar(studentLogits.getManager(), invTau));
        NDArray p = t.softmax(1);
        NDArray kl = p.mul(t.logSoftmax(1)).sub(p.mul(st.logSoftmax(1))).sum();
        double tau2 = options.tau() * options.tau();
        NDManager m = kl.getManager();
        return kl.mul(Tensors.scalar(m, tau2)).mul(Tensors.scalar(m, options.lossWeight())).div(Tensors.scalar(m, c * n));
    }

    @Override
    public String describeMismatch(Shape studentShape, Shape teacherShape) {
        if (studentShape.dimension() != 4) {
            return "ChannelWiseDivergence expects N×C×H×W logits, got " + studentShape;
        }
        if (!studentShape.equals(teacherShape)) {
            return "ChannelWiseDivergence expects student and teacher logits of the same shape, got student "
                    + studentShape + " and teacher " + teacherShape;
        }
        return null;
    }

    public Options options() {
        return options;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(loss(inputs.get(0), inputs.get(1)));
    }
}
