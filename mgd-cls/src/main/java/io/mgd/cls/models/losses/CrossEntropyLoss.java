package io.mgd.cls.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Tensors;
import io.mgd.core.registry.Default;
import java.util.List;

/**
 * mmcls 0.19 {@code CrossEntropyLoss}: softmax cross entropy on class indices (default), the soft
 * version on per-class targets ({@code use_soft}), or sigmoid BCE ({@code use_sigmoid}); times
 * {@code loss_weight}. With {@code class_weight} each sample's loss is scaled by its class weight
 * and a head's mean is still sum / N (mmcls passes avg_factor = N).
 */
public final class CrossEntropyLoss extends ClsLoss {
    /** Config arguments, mmcls names and defaults. */
    public record Options(@Default("false") boolean useSigmoid, @Default("false") boolean useSoft,
            @Default("mean") String reduction, @Default("1.0") double lossWeight,
            @Default("null") List<Double> classWeight, @Default("null") List<Double> posWeight) {
        public Options {
            if (useSigmoid && useSoft) {
                throw new IllegalArgumentException("use_sigmoid and use_soft could not be set simultaneously");
            }
            LossReduce.checkReduction("losses.CrossEntropyLoss", reduction);
        }
    }

    private final Options options;
    private final float[] classWeight;
    private final float[] posWeight;

    public CrossEntropyLoss(NDManager manager, Options options) {
        super(manager);
        this.options = options;
        this.classWeight = LossReduce.floats(options.classWeight());
        this.posWeight = LossReduce.floats(options.posWeight());
    }

    @Override
    public NDArray loss(NDArray clsScore, NDArray label, NDArray weight, Double avgFactor, String reductionOverride) {
        if (reductionOverride != null) {
            LossReduce.checkReduction("losses.CrossEntropyLoss", reductionOverride);
        }
        String reduction = reductionOverride != null ? reductionOverride : options.reduction();
        if (classWeight != null && classWeight.length != clsScore.getShape().get(1)) {
            throw new ConfigException("losses.CrossEntropyLoss: class_weight has " + classWeight.length
                    + " entries but the scores have " + clsScore.getShape().get(1) + " classes");
        }
        NDArray elementwise;
        if (options.useSigmoid()) {
            elementwise = LossReduce.binaryCrossEntropy(clsScore, label, classWeight, posWeight);
        } else if (options.useSoft()) {
            elementwise = LossReduce.softCrossEntropy(clsScore, label, classWeight);
        } else {
            elementwise = LossReduce.crossEntropy(clsScore, label, classWeight);
        }
        return LossReduce.weightReduce(elementwise, weight, reduction, avgFactor)
                .mul(Tensors.scalar(elementwise.getManager(), options.lossWeight())); // float32, libtorch-owned
    }

    public Options options() {
        return options;
    }
}
