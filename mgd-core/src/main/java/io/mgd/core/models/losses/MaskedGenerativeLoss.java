package io.mgd.core.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Tensors;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sequential;
import io.mgd.core.util.MgdException;
import java.util.List;

/**
 * Masked Generative Distillation for one feature pair (yzd-v/MGD {@code losses/mgd.py}):
 * {@code loss = α · Σ(generation(align(S) · M) − T)² / N}.
 *
 * <p>Children: {@code align} (1×1 conv Cs→Ct with bias, only when Cs ≠ Ct) and
 * {@code generation} (conv3×3 → ReLU → conv3×3, Ct→Ct, padding 1, with bias), so the state-dict
 * keys are {@code align.weight}, {@code generation.0.weight}, {@code generation.2.bias}, …
 *
 * <p>The random mask is drawn each call with {@link NDManager#randomUniform}, i.e. from the
 * engine's generator, so {@code Engine.setRandomSeed} (the {@code --seed} of a run) reproduces
 * it. {@link MGDLoss} (channel mask) and {@link FeatureLoss} (spatial mask) differ only in their
 * defaults.
 */
public abstract class MaskedGenerativeLoss extends Module implements DistillLoss {
    private final String name;
    private final int studentChannels;
    private final int teacherChannels;
    private final double alpha;
    private final double lambda;
    private final MaskType maskType;
    private final Conv2d align;
    private final Sequential generation;
    /** A fixed uniform draw replacing the random one (parity tests only). */
    private NDArray fixedUniform;

    MaskedGenerativeLoss(NDManager manager, String name, int studentChannels, int teacherChannels,
            double alpha, double lambda, MaskType maskType) {
        super(manager);
        this.name = name;
        this.studentChannels = studentChannels;
        this.teacherChannels = teacherChannels;
        this.alpha = alpha;
        this.lambda = lambda;
        this.maskType = maskType;
        this.align = studentChannels != teacherChannels
                ? registerModule("align", new Conv2d(manager, studentChannels, teacherChannels, 1, 1, 0, 1, 1, true))
                : null;
        this.generation = registerModule("generation", new Sequential(manager, List.of(
                new Conv2d(manager, teacherChannels, teacherChannels, 3, 1, 1, 1, 1, true),
                new ReLU(manager),
                new Conv2d(manager, teacherChannels, teacherChannels, 3, 1, 1, 1, 1, true))));
    }

    /** Checks the options shared by both registered types; messages name the config key. */
    static void validate(int studentChannels, int teacherChannels, String name, double lambda) {
        if (studentChannels <= 0 || teacherChannels <= 0) {
            throw new IllegalArgumentException("student_channels and teacher_channels must be positive, got "
                    + studentChannels + " and " + teacherChannels);
        }
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("name must be a non-empty string without '.', got "
                    + (name == null ? "None" : "'" + name + "'"));
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda_mgd must be in [0, 1], got " + lambda);
        }
    }

    @Override
    public final String name() {
        return name;
    }

    public final int studentChannels() {
        return studentChannels;
    }

    public final int teacherChannels() {
        return teacherChannels;
    }

    /** α, the loss weight ({@code alpha_mgd}). */
    public final double alpha() {
        return alpha;
    }

    /** λ, the expected fraction of dropped channels or positions ({@code lambda_mgd}). */
    public final double lambda() {
        return lambda;
    }

    public final MaskType maskType() {
        return maskType;
    }

    /** The align conv, or null when student and teacher channels agree. */
    public final Conv2d align() {
        return align;
    }

    public final Sequential generation() {
        return generation;
    }

    @Override
    public final NDArray loss(NDArray studentFeat, NDArray teacherFeat) {
        return forward(new NDList(studentFeat, teacherFeat)).head();
    }

    @Override
    public final String describeMismatch(Shape s, Shape t) {
        String type = getClass().getSimpleName();
        if (s.dimension() != 4 || t.dimension() != 4) {
            return type + " expects 4-d N×C×H×W features";
        }
        if (s.get(0) != t.get(0)) {
            return type + " expects the same batch size, got " + s.get(0) + " and " + t.get(0);
        }
        if (s.get(1) != studentChannels || t.get(1) != teacherChannels) {
            return type + " '" + name + "' was built with student_channels=" + studentChannels
                    + ", teacher_channels=" + teacherChannels + " but got " + s.get(1) + " and " + t.get(1);
        }
        if (s.get(2) != t.get(2) || s.get(3) != t.get(3)) {
            return type + " expects the same spatial size, got " + s.get(2) + "x" + s.get(3)
                    + " and " + t.get(2) + "x" + t.get(3);
        }
        return null;
    }

    /** Inputs {@code [student, teacher]}; output {@code [scalar loss]}. */
    @Override
    protected final NDList forwardInternal(NDList inputs) {
        NDArray s = inputs.get(0);
        NDArray t = inputs.get(1);
        String problem = describeMismatch(s.getShape(), t.getShape());
        if (problem != null) {
            throw new MgdException("loss '" + name + "': student feature " + s.getShape()
                    + ", teacher feature " + t.getShape() + ": " + problem);
        }
        NDArray aligned = align == null ? s : align.forward(s);
        NDArray mask = mask(uniform(s.getManager(), t.getShape()));
        NDArray generated = generation.forward(aligned.mul(mask));
        // MSELoss(reduction='sum') / N * alpha, in the reference's order and in float32.
        NDArray loss = generated.sub(t).square().sum()
                .div(Tensors.scalar(t.getManager(), t.getShape().get(0))).mul(Tensors.scalar(t.getManager(), alpha));
        return new NDList(loss);
    }

    /** The shape of the random draw for a teacher feature of shape {@code t}. */
    final Shape maskShape(Shape t) {
        return maskType == MaskType.CHANNEL ? new Shape(t.get(0), t.get(1), 1, 1)
                : new Shape(t.get(0), 1, t.get(2), t.get(3));
    }

    /** U[0, 1) of {@link #maskShape}, from the engine generator unless fixed for a test. */
    final NDArray uniform(NDManager manager, Shape teacherShape) {
        Shape shape = maskShape(teacherShape);
        if (fixedUniform != null) {
            if (!fixedUniform.getShape().equals(shape)) {
                throw new IllegalStateException("fixed mask draw " + fixedUniform.getShape() + " != " + shape);
            }
            return fixedUniform;
        }
        return manager.randomUniform(0f, 1f, shape);
    }

    /**
     * The 0/1 float mask from a uniform draw. Like the reference, λ and 1 − λ are compared in
     * float32: channel drops where {@code rand < λ}, spatial where {@code rand > 1 − λ}.
     */
    final NDArray mask(NDArray rand) {
        NDArray dropped = maskType == MaskType.CHANNEL ? rand.lt((float) lambda) : rand.gt((float) (1.0 - lambda));
        return dropped.logicalNot().toType(DataType.FLOAT32, false);
    }

    /** Replaces the random draw by {@code rand} (shape {@link #maskShape}); null restores it. */
    final void fixUniformDraw(NDArray rand) {
        this.fixedUniform = rand;
    }
}
