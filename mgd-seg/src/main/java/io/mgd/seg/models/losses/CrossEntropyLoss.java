package io.mgd.seg.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Tensors;
import io.mgd.core.nn.functional.F;
import io.mgd.core.nn.functional.Reduction;
import io.mgd.core.registry.Default;
import java.util.List;

/**
 * mmseg 0.20 {@code CrossEntropyLoss}. Softmax: torch's {@code cross_entropy(reduction='none',
 * weight=class_weight, ignore_index)} per pixel, then the plain reduction, so the mean runs over
 * <em>every</em> pixel, ignored ones included (0.20 has no {@code avg_non_ignore}). Sigmoid:
 * one-hot targets, ignored pixels weighted 0, {@code class_weight} as BCE {@code pos_weight}
 * (broadcast over the last axis, exactly as mmseg passes it). Times {@code loss_weight}.
 */
public final class CrossEntropyLoss extends Module implements DecodeLoss {
    /** Config arguments, mmseg names and defaults. */
    public record Options(@Default("false") boolean useSigmoid, @Default("false") boolean useMask,
            @Default("mean") String reduction, @Default("null") Object classWeight,
            @Default("1.0") double lossWeight, @Default("loss_ce") String lossName) {
        public Options {
            if (useSigmoid && useMask) {
                throw new IllegalArgumentException("use_sigmoid and use_mask cannot both be true");
            }
            if (useMask) {
                // mask_cross_entropy needs per-mask class labels and ignore_index None: not a decode-head loss
                throw new IllegalArgumentException("use_mask=True (mask_cross_entropy) is not supported for "
                        + "semantic segmentation heads");
            }
            if (!List.of("none", "mean", "sum").contains(reduction)) {
                throw new IllegalArgumentException("reduction must be one of none, mean, sum; got '" + reduction + "'");
            }
            if (classWeight != null && !(classWeight instanceof List<?> l && l.stream().allMatch(Number.class::isInstance))) {
                throw new IllegalArgumentException("class_weight must be a list of numbers, got " + classWeight
                        + (classWeight instanceof String ? " (reading class weights from a file is not supported)" : ""));
            }
        }
    }

    private final Options options;
    private final float[] classWeight;

    public CrossEntropyLoss(NDManager manager, Options options) {
        super(manager);
        this.options = options;
        if (options.classWeight() instanceof List<?> l) {
            classWeight = new float[l.size()];
            for (int i = 0; i < classWeight.length; i++) {
                classWeight[i] = ((Number) l.get(i)).floatValue();
            }
        } else {
            classWeight = null;
        }
    }

    @Override
    public String lossName() {
        return options.lossName();
    }

    @Override
    public NDArray loss(NDArray segLogit, NDArray segLabel, NDArray weight, int ignoreIndex) {
        return loss(segLogit, segLabel, weight, ignoreIndex, null);
    }

    /**
     * The loss with an optional {@code reduction_override} ({@code none}, {@code mean},
     * {@code sum}).
     */
    public NDArray loss(NDArray segLogit, NDArray segLabel, NDArray weight, int ignoreIndex, String reductionOverride) {
        Reduction reduction = Reduction.of(reductionOverride != null ? reductionOverride : options.reduction());
        long classes = segLogit.getShape().get(1);
        if (classWeight != null && classWeight.length != classes) {
            throw new ConfigException("seg.losses.CrossEntropyLoss: class_weight has " + classWeight.length
                    + " entries but the logits have " + classes + " classes");
        }
        NDManager m = segLogit.getManager();
        NDArray cw = classWeight == null ? null : m.create(classWeight);
        NDArray elementwise = options.useSigmoid()
                ? sigmoidElementwise(segLogit, segLabel, cw, ignoreIndex)
                : F.crossEntropy(segLogit, segLabel, cw, ignoreIndex, Reduction.NONE, 0f);
        if (weight != null) {
            elementwise = elementwise.mul(weight.toType(DataType.FLOAT32, false));
        }
        return reduction.apply(elementwise).mul(Tensors.scalar(m, options.lossWeight())); // float32, libtorch-owned
    }

    /** mmseg {@code binary_cross_entropy} with {@code _expand_onehot_labels}. */
    private static NDArray sigmoidElementwise(NDArray logit, NDArray label, NDArray posWeight, int ignoreIndex) {
        long classes = logit.getShape().get(1);
        NDArray lab = label.toType(DataType.INT64, false);
        NDArray valid = lab.gte(0).logicalAnd(lab.neq(ignoreIndex));
        NDArray safe = lab.mul(valid.toType(DataType.INT64, false));
        NDArray classIds = logit.getManager().arange(0L, classes, 1L, DataType.INT64).reshape(1, classes, 1, 1);
        NDArray validF = valid.toType(DataType.FLOAT32, false).expandDims(1);
        NDArray onehot = safe.expandDims(1).eq(classIds).toType(DataType.FLOAT32, false).mul(validF);
        NDArray loss = F.binaryCrossEntropyWithLogits(logit, onehot, null, posWeight, Reduction.NONE);
        return loss.mul(validF);
    }

    public Options options() {
        return options;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("CrossEntropyLoss.forward expects (seg_logit, seg_label)");
        }
        return new NDList(loss(inputs.get(0), inputs.get(1), null, 255));
    }
}
